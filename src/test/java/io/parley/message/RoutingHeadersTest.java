package io.parley.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The routing fields as {@link SipMessage#routing()} reads them in one pass, and the lookups by
 * name that answer absent fields from the parser's record of which names occur.
 */
class RoutingHeadersTest {
  private static final String VIA1 = "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n";
  private static final String VIA2 =
      "Via: SIP/2.0/TCP 192.0.2.4:5070;branch=z9hG4bK2;received=192.0.2.9\r\n";
  private static final String FROM =
      "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n";
  private static final String TO = "To: <sip:bob@biloxi.example.com>\r\n";
  private static final String CALL_ID = "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n";
  private static final String CSEQ = "CSeq: 314159 INVITE\r\n";

  private static SipMessage invite(String... fields) {
    String text = "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" + String.join("", fields)
        + "Content-Length: 0\r\n\r\n";
    return SipParser.parse(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String reason(SipMessage m) {
    return assertThrows(SipParseException.class, m::routing).reason();
  }

  @Test
  void readsEveryRoutingFieldWhereverItStands() {
    RoutingHeaders r = invite(CSEQ, VIA1, TO, "Max-Forwards: 69\r\n", CALL_ID, FROM, VIA2)
        .routing();
    assertEquals(List.of("a.example.com", "192.0.2.4"),
        r.vias().stream().map(v -> v.host()).toList());
    assertEquals("1928301774", r.from().tag());
    assertEquals("bob", r.to().sipUri().user());
    assertEquals("a84b4c76e66710@pc33.atlanta.example.com", r.callId());
    assertEquals(314159, r.cseq().number());
    assertEquals(69, r.maxForwards());
  }

  @Test
  void gathersTheViasOfSeveralFieldsAndCommaListsInOrder() {
    SipMessage m = invite(
        "Via: SIP/2.0/UDP h1;branch=z9hG4bK1, SIP/2.0/UDP h2;branch=z9hG4bK2\r\n",
        FROM, "v: SIP/2.0/UDP h3;branch=z9hG4bK3\r\n", TO, CALL_ID, CSEQ);
    assertEquals(List.of("h1", "h2", "h3"),
        m.routing().vias().stream().map(v -> v.host()).toList());
    assertThrows(UnsupportedOperationException.class, () -> m.routing().vias().clear());
  }

  @Test
  void maxForwardsMayBeAbsent() {
    assertEquals(-1, invite(VIA1, FROM, TO, CALL_ID, CSEQ).routing().maxForwards());
  }

  @Test
  void aBadViaIsReportedBeforeAnythingElseWhereverItStands() {
    // the second From precedes the bad Via, but the Vias are judged first, as they always were
    assertEquals("bad Via: missing sent-by",
        reason(invite(FROM, FROM, TO, CALL_ID, CSEQ, "Via: SIP/2.0/UDP\r\n")));
    assertEquals("missing Via", reason(invite(FROM, FROM, TO, CALL_ID, CSEQ)));
  }

  @Test
  void singleFieldsAreJudgedInTheirOrderMissingOrRepeated() {
    assertEquals("more than one From", reason(invite(VIA1, TO, TO, FROM, FROM, CALL_ID, CSEQ)));
    assertEquals("more than one To", reason(invite(VIA1, TO, TO, FROM, CALL_ID, CSEQ)));
    assertEquals("missing To", reason(invite(VIA1, FROM, CALL_ID, CSEQ)));
    assertEquals("missing Call-ID", reason(invite(VIA1, FROM, TO, CSEQ, CSEQ)));
    assertEquals("more than one CSeq", reason(invite(VIA1, FROM, TO, CALL_ID, CSEQ, CSEQ)));
    assertEquals("more than one Max-Forwards", reason(invite(VIA1, FROM, TO, CALL_ID, CSEQ,
        "Max-Forwards: 70\r\n", "Max-Forwards: 70\r\n")));
    assertEquals("Bad Call-ID", reason(invite(VIA1, FROM, TO, "Call-ID: a b\r\n", CSEQ)));
  }

  @Test
  void theCallIdIsTheSameTextBeforeAndAfterTheRoutingFieldsAreRead() {
    SipMessage m = invite(VIA1, FROM, TO, "i: x@y\r\n \r\n", CSEQ);
    String before = m.callId();
    assertEquals("x@y", before);
    assertEquals(before, m.routing().callId());
    assertEquals(before, m.callId());
    assertSame(m.routing().callId(), m.callId());
  }

  @Test
  void absentFieldsAreFoundAbsentAndPresentOnesFoundEvenWhenTheirNamesShareABit() {
    // Identity (64) shares a bit of the presence record with Via (0), any unknown name (OTHER,
    // 66) with To (2): the record may only say "maybe", never "no" for a present field
    assertEquals(64, HeaderName.IDENTITY.ordinal());
    assertEquals(66 % 64, HeaderName.TO.ordinal());
    assertEquals(66, HeaderName.OTHER.ordinal());
    SipMessage m = SipParser.parse(("OPTIONS sip:a@b SIP/2.0\r\nIdentity: x\r\nX-Thing: 1\r\n"
        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(0, m.first(HeaderName.IDENTITY));
    assertEquals(-1, m.first(HeaderName.VIA));
    assertEquals(-1, m.first(HeaderName.TO));
    assertEquals(1, m.first("X-Thing"));
    assertEquals(-1, m.first(HeaderName.ROUTE));
    assertEquals(-1, m.next(HeaderName.IDENTITY, 0));
    assertEquals(List.of(), m.routes());
    assertEquals(List.of(), m.contacts());
  }

  @Test
  void contactsAndRoutesOfSeveralFieldsGatherIntoImmutableLists() {
    SipMessage m = invite(VIA1, FROM, TO, CALL_ID, CSEQ, "Contact: <sip:a@h1>\r\n",
        "Route: <sip:p1;lr>, <sip:p2;lr>\r\n", "m: <sip:b@h2>, <sip:c@h3>\r\n",
        "Route: <sip:p3;lr>\r\n");
    assertEquals(List.of("a", "b", "c"),
        m.contacts().stream().map(c -> c.sipUri().user()).toList());
    assertEquals(List.of("p1", "p2", "p3"),
        m.routes().stream().map(r -> r.sipUri().host()).toList());
    assertThrows(UnsupportedOperationException.class, () -> m.contacts().add(null));
    assertThrows(UnsupportedOperationException.class, () -> m.routes().remove(0));
    assertSame(m.contacts(), m.contacts());
    assertNotSame(m.contacts(), invite(VIA1, "Contact: <sip:a@h1>\r\n").contacts());
    assertTrue(invite(VIA1, "Contact: *\r\n").contacts().get(0).isWildcard());
  }
}
