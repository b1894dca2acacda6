package io.parley.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageBuilderTest {
  static final String INVITE = "INVITE sip:bob@example.com SIP/2.0\r\n"
      + "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
      + "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
      + "Route: <sip:p3.example.com;lr>\r\n"
      + "Max-Forwards: 70\r\n"
      + "Call-ID: c1\r\n"
      + "Content-Length: 5\r\n"
      + "\r\n"
      + "hello";

  static SipMessage parse(String s) {
    return SipParser.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void anUneditedMessageComesOutAsItCameIn() {
    SipMessage m = parse(INVITE + "trailing noise");
    assertEquals(INVITE, text(MessageBuilder.edit(m).build()));
  }

  @Test
  void forwardingEditsTouchOnlyWhatTheyName() {
    SipMessage m = parse(INVITE);
    byte[] out = MessageBuilder.edit(m)
        .requestUri("sip:bob@192.0.2.4:5060")
        .addFirst("Via", "SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2")
        .removeFirstValue(m.first(HeaderName.ROUTE))
        .replaceValue(m.first(HeaderName.MAX_FORWARDS), "69")
        .build();
    assertEquals("INVITE sip:bob@192.0.2.4:5060 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2\r\n"
        + "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
        + "Route: <sip:p2.example.com;lr>\r\n"
        + "Route: <sip:p3.example.com;lr>\r\n"
        + "Max-Forwards: 69\r\n"
        + "Call-ID: c1\r\n"
        + "Content-Length: 5\r\n"
        + "\r\n"
        + "hello", text(out));
  }

  @Test
  void removingASingleValuedRouteRemovesTheField() {
    SipMessage m = parse(INVITE);
    int second = m.next(HeaderName.ROUTE, m.first(HeaderName.ROUTE));
    SipMessage out = SipParser.parse(MessageBuilder.edit(m).remove(second).build());
    assertEquals(List.of("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"), out.values(HeaderName.ROUTE));
    assertEquals(m.headerCount() - 1, out.headerCount());
  }

  @Test
  void laterAddFirstGoesAbove() {
    SipMessage m = parse(INVITE);
    SipMessage out = SipParser.parse(MessageBuilder.edit(m)
        .addFirst("Via", "SIP/2.0/UDP one;branch=z9hG4bK3")
        .addFirst("Via", "SIP/2.0/UDP two;branch=z9hG4bK4")
        .addBefore(m.first(HeaderName.CALL_ID), "Record-Route", "<sip:rr.example.com;lr>")
        .addLast("X-Last", "1")
        .build());
    assertEquals(List.of("SIP/2.0/UDP two;branch=z9hG4bK4", "SIP/2.0/UDP one;branch=z9hG4bK3",
        "SIP/2.0/UDP a.example.com;branch=z9hG4bK1"), out.values(HeaderName.VIA));
    assertEquals(out.first(HeaderName.CALL_ID) - 1, out.first(HeaderName.RECORD_ROUTE));
    assertEquals(out.headerCount() - 1, out.first("X-Last"), "after every original field");
  }

  @Test
  void settingTheBodyRewritesContentLength() {
    SipMessage m = parse(INVITE);
    byte[] body = "v=0\r\nnew body".getBytes(StandardCharsets.US_ASCII);
    SipMessage out = SipParser.parse(MessageBuilder.edit(m).body(body, 0, body.length).build());
    assertArrayEquals(body, out.body());
    assertEquals(body.length, out.contentLength());
    assertEquals(1, out.count(HeaderName.CONTENT_LENGTH));
  }

  @Test
  void aMessageWithoutContentLengthGetsOne() {
    SipMessage m = parse("INVITE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nbody-rest");
    SipMessage out = SipParser.parse(MessageBuilder.edit(m).build());
    assertEquals(9, out.contentLength());
    assertEquals("body-rest", text(out.body()));
  }

  @Test
  void aDatagramWithoutEmptyLineGetsOne() {
    SipMessage m = parse("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nl: 0");
    assertEquals("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nl: 0\r\n\r\n", text(MessageBuilder.edit(m).build()));
  }

  @Test
  void aDatagramEndingInTheStartLineGetsItsLineEnd() {
    SipMessage m = parse("SIP/2.0 200 OK");
    assertEquals("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\nContent-Length: 0\r\n\r\n",
        text(MessageBuilder.edit(m).addFirst("Via", "SIP/2.0/UDP h").build()));
  }

  @Test
  void duplicateContentLengthsCollapseToOne() {
    SipMessage m = parse("OPTIONS sip:a@b SIP/2.0\r\nl: 2\r\nContent-Length: 2\r\n\r\nab");
    assertEquals("OPTIONS sip:a@b SIP/2.0\r\nl: 2\r\n\r\nab", text(MessageBuilder.edit(m).build()));
  }

  @Test
  void contentLengthSurvivesRemovalsAndEdits() {
    SipMessage m = parse("OPTIONS sip:a@b SIP/2.0\r\nl: 2\r\nContent-Length: 2\r\n\r\nab");
    assertEquals("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 2\r\n\r\nab",
        text(MessageBuilder.edit(m).remove(0).build()));
    assertEquals("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 2\r\n\r\nab",
        text(MessageBuilder.edit(m).removeAll(HeaderName.CONTENT_LENGTH).build()));
    assertEquals("OPTIONS sip:a@b SIP/2.0\r\nl: 2\r\n\r\nab",
        text(MessageBuilder.edit(m).replaceValue(0, "999").build()), "the value follows the body");
    byte[] body = "xyz".getBytes(StandardCharsets.US_ASCII);
    assertEquals("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 3\r\n\r\nxyz",
        text(MessageBuilder.edit(m).remove(0).body(body, 0, 3).build()));
  }

  @Test
  void setReplacesTheFirstAndRemovesTheRestOrAppends() {
    SipMessage m = parse("OPTIONS sip:a@b SIP/2.0\r\nMax-Forwards: 1\r\nMax-Forwards: 2\r\n\r\n");
    SipMessage out = SipParser.parse(MessageBuilder.edit(m)
        .set(HeaderName.MAX_FORWARDS, "0").set(HeaderName.EXPIRES, "60").build());
    assertEquals(List.of("0"), out.values(HeaderName.MAX_FORWARDS));
    assertEquals("60", out.value(HeaderName.EXPIRES));
  }

  @Test
  void replacingAFoldedCompactFieldKeepsItsName() {
    SipMessage m = parse("OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP a\r\n ;branch=z9hG4bK1\r\nCall-ID: x\r\n\r\n");
    assertEquals("OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP b\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n",
        text(MessageBuilder.edit(m).replaceValue(0, "SIP/2.0/UDP b").build()));
  }

  @Test
  void injectionThroughValuesOrNamesIsRefused() {
    SipMessage m = parse(INVITE);
    MessageBuilder b = MessageBuilder.edit(m);
    assertThrows(IllegalArgumentException.class, () -> b.addFirst("Via", "x\r\nEvil: 1"));
    assertThrows(IllegalArgumentException.class, () -> b.addFirst("Bad Name", "x"));
    assertThrows(IllegalArgumentException.class, () -> b.addFirst("Vé", "x"));
    assertThrows(IllegalArgumentException.class, () -> b.addFirst("V\u2603", "x"));
    assertThrows(IllegalArgumentException.class, () -> b.addFirst("", "x"));
    assertThrows(IllegalArgumentException.class, () -> b.requestUri("sip:a b"));
    assertThrows(IndexOutOfBoundsException.class, () -> b.remove(99));
    SipMessage response = parse("SIP/2.0 200 OK\r\n\r\n");
    assertThrows(IllegalStateException.class, () -> MessageBuilder.edit(response).requestUri("sip:a@b"));
  }

  @Test
  void theParsedMessageIsNeverChanged() {
    SipMessage m = parse(INVITE);
    byte[] before = m.buffer().clone();
    MessageBuilder.edit(m).requestUri("sip:x@y").remove(0).addFirst("A", "b").build();
    assertArrayEquals(before, m.buffer());
  }
}
