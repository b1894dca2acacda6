package io.parley.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.header.CSeq;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseFactoryTest {
  static final String REQUEST = "INVITE sip:bob@example.com SIP/2.0\r\n"
      + "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1, SIP/2.0/UDP p2.example.com;branch=z9hG4bK2\r\n"
      + "v: SIP/2.0/UDP ua.example.com;branch=z9hG4bK3;rport\r\n"
      + "Max-Forwards: 70\r\n"
      + "f: \"Alice\" <sip:alice@example.com>;tag=a1\r\n"
      + "To: \"Bob; the;tag=no\" <sip:bob@example.com;tag=notatag>\r\n"
      + "Call-ID: c1@example.com\r\n"
      + "CSeq: 7 INVITE\r\n"
      + "Timestamp: 54\r\n"
      + "Content-Length: 0\r\n\r\n";

  static SipRequest request(String s) {
    return (SipRequest) SipParser.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  static SipResponse response(byte[] b) {
    return (SipResponse) SipParser.parse(b);
  }

  @Test
  void copiesViaFromToCallIdCSeqAndAddsATag() {
    SipRequest req = request(REQUEST);
    SipResponse r = response(ResponseFactory.create(req, 486, "Busy Here"));
    assertEquals(486, r.statusCode());
    assertEquals("Busy Here", r.reasonPhrase());
    assertEquals(req.values(HeaderName.VIA), r.values(HeaderName.VIA));
    assertEquals(2, r.count(HeaderName.VIA), "each Via field line is kept as it was");
    assertEquals(req.value(HeaderName.FROM), r.value(HeaderName.FROM));
    String to = r.value(HeaderName.TO);
    assertTrue(to.matches("\"Bob; the;tag=no\" <sip:bob@example.com;tag=notatag>;tag=[0-9a-f]{16}"), to);
    assertEquals("c1@example.com", r.callId());
    assertEquals(CSeq.of(req), CSeq.of(r));
    assertEquals(0, r.contentLength());
    assertEquals(-1, r.first(HeaderName.TIMESTAMP), "only a 100 echoes Timestamp");
  }

  @Test
  void anExistingToTagIsKeptAndNoneIsAdded() {
    SipRequest req = request(REQUEST.replace("tag=notatag>", "x=1> ; TAG = b2"));
    ResponseFactory.Response resp = ResponseFactory.response(req, 200, "OK").toTag("ignored");
    assertEquals("b2", resp.toTag());
    assertEquals("\"Bob; the;tag=no\" <sip:bob@example.com;x=1> ; TAG = b2",
        response(resp.build()).value(HeaderName.TO));
  }

  @Test
  void aChosenTagIsUsedAndStaysTheSame() {
    SipRequest req = request(REQUEST);
    ResponseFactory.Response resp = ResponseFactory.response(req, 180, "Ringing").toTag("abc123");
    assertTrue(response(resp.build()).value(HeaderName.TO).endsWith(";tag=abc123"));
    ResponseFactory.Response generated = ResponseFactory.response(req, 180, "Ringing");
    String tag = generated.toTag();
    assertTrue(response(generated.build()).value(HeaderName.TO).endsWith(";tag=" + tag));
    assertTrue(response(generated.build()).value(HeaderName.TO).endsWith(";tag=" + tag));
  }

  @Test
  void trying100GetsNoTagButTheTimestamp() {
    SipResponse r = response(ResponseFactory.create(request(REQUEST), 100, "Trying"));
    assertEquals("\"Bob; the;tag=no\" <sip:bob@example.com;tag=notatag>", r.value(HeaderName.TO));
    assertEquals("54", r.value(HeaderName.TIMESTAMP));
  }

  @Test
  void extraHeadersAndABodyGoIn() {
    byte[] sdp = "v=0\r\n".getBytes(StandardCharsets.US_ASCII);
    SipResponse r = response(ResponseFactory.response(request(REQUEST), 200, "OK")
        .header("Allow", "INVITE, ACK, BYE")
        .header("Supported", "timer")
        .body("application/sdp", sdp)
        .build());
    assertEquals(List.of("INVITE", "ACK", "BYE"), r.values(HeaderName.ALLOW));
    assertEquals("timer", r.value(HeaderName.SUPPORTED));
    assertEquals("application/sdp", r.value(HeaderName.CONTENT_TYPE));
    assertEquals("v=0\r\n", new String(r.body(), StandardCharsets.US_ASCII));
  }

  @Test
  void malformedValuesAreCopiedRaw() {
    SipRequest req = request("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.15;;,;,,\r\n"
        + "From: Bell, Alexander <sip:a.g.bell@bell-tel.com>;tag=43\r\nTo: \"Watson <sip:w@x>\r\n"
        + "CSeq: 36893488147419103232 OPTIONS\r\nl: 0\r\n\r\n");
    SipResponse r = response(ResponseFactory.create(req, 400, "Bad Request"));
    assertEquals("SIP/2.0/UDP 192.0.2.15;;,;,,", r.valueAt(r.first(HeaderName.VIA)));
    assertEquals("Bell, Alexander <sip:a.g.bell@bell-tel.com>;tag=43", r.value(HeaderName.FROM));
    assertEquals("36893488147419103232 OPTIONS", r.value(HeaderName.CSEQ));
    assertNull(r.callId());
  }

  @Test
  void rejectedDatagramsAreAnsweredFromTheirRawLines() {
    byte[] clerr = Vectors.bytes("rfc4475", "clerr.dat");
    SipParseException e = assertThrows(SipParseException.class, () -> SipParser.parse(clerr));
    byte[] out = ResponseFactory.badRequest(clerr, 0, clerr.length, e);
    assertNotNull(out);
    SipResponse r = response(out);
    assertEquals(400, r.statusCode());
    assertEquals(e.reason(), r.reasonPhrase());
    assertEquals("SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523", r.value(HeaderName.VIA));
    assertNotNull(r.callId());
    assertTrue(r.value(HeaderName.TO).contains(";tag="));
  }

  @Test
  void everyFramingRejectOfRfc4475GetsAnAnswerButTheResponses() {
    for (String file : Rfc4475Test.FRAMING.keySet()) {
      byte[] b = Vectors.bytes("rfc4475", file);
      SipParseException e;
      try {
        SipParser.parse(b);
        continue;
      } catch (SipParseException x) {
        e = x;
      }
      byte[] out = ResponseFactory.badRequest(b, 0, b.length, e);
      if (file.equals("bigcode.dat")) {
        assertNull(out, "a response is never answered");
      } else if (file.equals("unlisted/test.dat")) {
        assertNull(out, "no Via: nowhere to send an answer");
      } else {
        assertNotNull(out, file);
        assertEquals(e.status(), response(out).statusCode(), file);
        assertTrue(response(out).count(HeaderName.VIA) > 0, file);
      }
    }
  }

  @Test
  void salvageSkipsLinesItCannotUseAndNeedsAVia() {
    byte[] noVia = "OPTIONS  sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertNull(ResponseFactory.badRequest(noVia, 0, noVia.length, SipParseException.badRequest("x")));
    byte[] odd = "GARBAGE\nno colon here\nVia: SIP/2.0/UDP h\n ;branch=z9hG4bK9\nTo: a\u0000b\nFrom: <sip:f@x>\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    SipResponse r = response(ResponseFactory.badRequest(odd, 0, odd.length, SipParseException.badRequest("Bad")));
    assertEquals("SIP/2.0/UDP h ;branch=z9hG4bK9", r.value(HeaderName.VIA));
    assertNull(r.value(HeaderName.TO), "a value with a control octet is not echoed");
    assertEquals("<sip:f@x>", r.value(HeaderName.FROM));
  }

  @Test
  void badArgumentsAreRefused() {
    SipRequest req = request(REQUEST);
    assertThrows(IllegalArgumentException.class, () -> ResponseFactory.create(req, 99, "x"));
    assertThrows(IllegalArgumentException.class, () -> ResponseFactory.create(req, 700, "x"));
    assertThrows(IllegalArgumentException.class, () -> ResponseFactory.create(req, 200, "O\r\nK"));
    assertThrows(IllegalArgumentException.class, () -> ResponseFactory.response(req, 200, "OK").toTag("a b"));
  }
}
