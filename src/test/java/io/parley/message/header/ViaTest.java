package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ViaTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
      "SIP/2.0/TCP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111;received=192.0.2.200;rport=5060",
      "SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw",
      "SIP/2.0/UDP 192.0.2.1:5060 ;received=2001:db8::9:255 ; branch = z9hG4bKx",
      "SIP/2.0/WSS df7jal23ls0d.invalid;rport;branch=z9hG4bKnashds7",
  })
  void roundTripsUnchangedBytes(String text) {
    byte[] in = text.getBytes(StandardCharsets.ISO_8859_1);
    Via v = Via.parse(in, 0, in.length);
    assertArrayEquals(in, v.toBytes());
    assertEquals(v, Via.parse(v.toString()));
  }

  @Test
  void branchIsComparesTheBranchExactly() {
    Via v = Via.parse("SIP/2.0/UDP h;rport;BRANCH=z9hG4bK.a1");
    assertTrue(v.branchIs("z9hG4bK.a1"));
    assertFalse(v.branchIs("z9hg4bk.a1"));
    assertFalse(v.branchIs("z9hG4bK"));
    assertFalse(v.branchIs("z9hG4bK.a12"));
    assertFalse(Via.parse("SIP/2.0/UDP h;rport").branchIs("z9hG4bK"));
    assertTrue(Via.parse("SIP/2.0/UDP h;branch=z9hG4bK").branchIs(Via.MAGIC_COOKIE));
  }

  @Test
  void parseListIntoAppendsTheValuesOfSeveralFields() {
    byte[] one =
        "SIP/2.0/UDP h1;branch=z9hG4bK1 , SIP/2.0/TCP h2".getBytes(StandardCharsets.ISO_8859_1);
    byte[] two = " SIP/2.0/UDP h3:5070 ".getBytes(StandardCharsets.ISO_8859_1);
    List<Object> into = new java.util.ArrayList<>();
    Via.parseList(one, 0, one.length, into);
    Via.parseList(two, 0, two.length, into);
    assertEquals(List.of("h1", "h2", "h3"), into.stream().map(v -> ((Via) v).host()).toList());
    assertEquals(5070, ((Via) into.get(2)).port());
    byte[] bad = "SIP/2.0/UDP h1 ; branch=z9hG4bK1 x".getBytes(StandardCharsets.ISO_8859_1);
    SipParseException e = assertThrows(SipParseException.class,
        () -> Via.parseList(bad, 0, bad.length, new java.util.ArrayList<>()));
    assertEquals("bad Via: unexpected character", e.reason());
  }

  @Test
  void readsEveryPart() {
    Via v = Via.parse("SIP/2.0/TLS [2001:db8::9:1]:6050;branch=z9hG4bKas3;received=192.0.2.200;"
        + "rport=4999;maddr=224.2.0.1;ttl=16;ext=\"q\"");
    assertEquals("SIP", v.protocolName());
    assertEquals("2.0", v.protocolVersion());
    assertEquals("TLS", v.transport());
    assertTrue(v.isTransport("tls"));
    assertEquals("[2001:db8::9:1]", v.host());
    assertEquals(6050, v.port());
    assertEquals("z9hG4bKas3", v.branch());
    assertTrue(v.hasMagicCookie());
    assertEquals("192.0.2.200", v.received());
    assertTrue(v.hasRport());
    assertEquals(4999, v.rport());
    assertEquals("224.2.0.1", v.maddr());
    assertEquals(16, v.ttl());
    assertEquals("q", v.params().get("ext"));
  }

  @Test
  void absentParts() {
    Via v = Via.parse("SIP/2.0/UDP 192.0.2.5");
    assertEquals(-1, v.port());
    assertNull(v.branch());
    assertFalse(v.hasMagicCookie());
    assertNull(v.received());
    assertFalse(v.hasRport());
    assertEquals(-1, v.rport());
    assertEquals(-1, v.ttl());
    assertFalse(Via.parse("SIP/2.0/UDP h;branch=390skdjuw").hasMagicCookie());
    assertFalse(Via.parse("SIP/2.0/UDP h;branch=Z9HG4BK1").hasMagicCookie());
  }

  @Test
  void rportWithoutValueIsZero() {
    Via v = Via.parse("SIP/2.0/UDP 192.0.2.1;rport;branch=z9hG4bK1");
    assertTrue(v.hasRport());
    assertEquals(0, v.rport());
  }

  /** RFC 4475 §3.1.1.1 wsinv: LWS everywhere, folded lines. */
  @Test
  void toleratesLws() {
    List<Via> vias = Via.parseList("  SIP  / 2.0  / TCP     spindle.example.com   ;\r\n"
        + "  branch  =   z9hG4bK9ikj8  ,\r\n SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n"
        + " z9hG4bK30239");
    assertEquals(2, vias.size());
    assertEquals("TCP", vias.get(0).transport());
    assertEquals("spindle.example.com", vias.get(0).host());
    assertEquals("z9hG4bK9ikj8", vias.get(0).branch());
    assertEquals("UDP", vias.get(1).transport());
    assertEquals("z9hG4bK30239", vias.get(1).branch());
    assertEquals("SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n z9hG4bK30239",
        vias.get(1).toString());
    Via spaced = Via.parse("SIP/2.0/UDP host.example.com : 5070 ;branch=z9hG4bK1");
    assertEquals(5070, spaced.port());
  }

  /** RFC 5118 §4.5: received with and without brackets. */
  @Test
  void receivedIpv6EitherWay() {
    Via with = Via.parse("SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111");
    assertEquals("[2001:db8::9:255]", with.received());
    assertEquals("z9hG4bKas3-111", with.branch());
    Via without = Via.parse("SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3");
    assertEquals("2001:db8::9:255", without.received());
    assertEquals("z9hG4bKas3", without.branch());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SIP/2.0/UDP 192.0.2.15;;,;,,", // RFC 4475 §3.1.2.1 badinv01
      "", "SIP/2.0/UDP", "SIP/2.0/UDP ", "SIP/2.0 192.0.2.1", "SIP/2.0/UDP;branch=x", "SIP/2.0/UDP192.0.2.1",
      "SIP//UDP h", "SIP/2.0/UDP h:", "SIP/2.0/UDP h:0", "SIP/2.0/UDP h:65536", "SIP/2.0/UDP h:x",
      "SIP/2.0/UDP 2001:db8::1", "SIP/2.0/UDP [2001:db8::1", "SIP/2.0/UDP h;branch",
      "SIP/2.0/UDP h;branch=\"z9hG4bK\"", "SIP/2.0/UDP h;received=example.com",
      "SIP/2.0/UDP h;received", "SIP/2.0/UDP h;rport=0", "SIP/2.0/UDP h;rport=x", "SIP/2.0/UDP h;ttl=256",
      "SIP/2.0/UDP h;ttl=x", "SIP/2.0/UDP h;maddr=-x", "SIP/2.0/UDP h;branch=z9hG4bK1,",
      "SIP/2.0/UDP h;branch=z9hG4bK1 x", "SIP/2.0/UDP h, SIP/2.0/UDP g", "SIP/2.0/UDP h;",
  })
  void rejectsMalformed(String text) {
    SipParseException e = assertThrows(SipParseException.class, () -> Via.parse(text), text);
    assertEquals(400, e.status());
    assertTrue(e.reason().startsWith("bad Via: "), e.reason());
  }

  @Test
  void missingSentByIsNamed() {
    SipParseException e = assertThrows(SipParseException.class, () -> Via.parse("SIP/2.0/UDP "));
    assertEquals("bad Via: missing sent-by", e.reason());
  }

  @Test
  void listRejectsEmptyElements() {
    assertThrows(SipParseException.class, () -> Via.parseList("SIP/2.0/UDP a;branch=z9hG4bK1,,SIP/2.0/UDP b"));
    assertThrows(SipParseException.class, () -> Via.parseList("SIP/2.0/UDP a;branch=z9hG4bK1,"));
  }

  @Test
  void buildsAndStampsReceived() {
    Via v = Via.of("UDP", "192.0.2.1", 5060, "z9hG4bK74bf9");
    assertEquals("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK74bf9", v.toString());
    assertEquals("SIP/2.0/TCP [2001:db8::1];branch=z9hG4bK1", Via.of("TCP", "2001:db8::1", -1, "z9hG4bK1").toString());
    assertThrows(IllegalArgumentException.class, () -> Via.of("UDP", "bad host", 5060, "z9hG4bK1"));
    assertThrows(IllegalArgumentException.class, () -> Via.of("UDP", "h", 5060, "bad branch"));

    Via in = Via.parse("SIP/2.0/UDP  pc33.atlanta.com ;rport ;branch=z9hG4bK776");
    Via stamped = in.withReceived("192.0.2.101").withRport(11434);
    assertEquals("SIP/2.0/UDP pc33.atlanta.com;rport=11434;branch=z9hG4bK776;received=192.0.2.101",
        stamped.toString());
    assertEquals(11434, stamped.rport());
    assertEquals("192.0.2.101", stamped.received());
    assertEquals("2001:db8::5", in.withReceived("[2001:db8::5]").received());
    assertEquals("SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776", in.withoutParam("rport").toString());
    assertSame(in, in.withoutParam("maddr"));
    assertEquals("x", in.withParam("alias", "x").params().get("alias"));
  }

  /** RFC 3261 §18.2.1 and RFC 3581 §4. */
  @Test
  void stampsTheSourceOfARequest() {
    Via natted = Via.parse("SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bKkjshdyff");
    assertEquals("SIP/2.0/UDP 10.1.1.1:4540;rport=9988;branch=z9hG4bKkjshdyff;received=192.0.2.1",
        natted.withSource("192.0.2.1", 9988).toString());

    Via direct = Via.parse("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1");
    assertSame(direct, direct.withSource("192.0.2.1", 5060));
    assertEquals("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;received=192.0.2.9",
        direct.withSource("192.0.2.9", 5060).toString());

    Via sameHostRport = Via.parse("SIP/2.0/UDP 192.0.2.1;rport;branch=z9hG4bK1");
    assertEquals("SIP/2.0/UDP 192.0.2.1;rport=5062;branch=z9hG4bK1;received=192.0.2.1",
        sameHostRport.withSource("192.0.2.1", 5062).toString());

    Via named = Via.parse("SIP/2.0/TCP client.example.com;received=192.0.2.3;branch=z9hG4bK1");
    assertEquals("SIP/2.0/TCP client.example.com;received=192.0.2.4;branch=z9hG4bK1",
        named.withSource("192.0.2.4", 40000).toString());

    Via v6 = Via.parse("SIP/2.0/UDP [2001:DB8::1];branch=z9hG4bK1");
    assertSame(v6, v6.withSource("[2001:db8:0::1]", 5060));
    assertEquals("2001:db8::2", v6.withSource("2001:db8::2", 5060).received());
  }
}
