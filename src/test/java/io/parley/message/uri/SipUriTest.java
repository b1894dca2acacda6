package io.parley.message.uri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParseException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SipUriTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void assertBad(String uri) {
    SipParseException e = assertThrows(SipParseException.class, () -> Uri.parse(uri), uri);
    assertEquals(400, e.status());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sip:alice@atlanta.com",
      "sips:alice:secretword@atlanta.com;transport=tcp",
      "sip:+1-212-555-1212:1234@gateway.com;user=phone",
      "sip:alice@192.0.2.4",
      "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com",
      "sip:alice;day=tuesday@atlanta.com",
      "sip:[2001:db8::10]:5070;lr",
      "sip:user@example.com?Route=%3Csip:example.com%3E",
      "sip:host.example.com.",
      "SIP:ALICE@AtLanTa.CoM;Transport=udp",
  })
  void roundTripsUnchangedBytes(String text) {
    byte[] in = bytes(text);
    SipUri uri = SipUri.parse(in, 0, in.length);
    assertArrayEquals(in, uri.toBytes());
    assertEquals(text, uri.toString());
    assertEquals(uri, SipUri.parse(uri.toString()));
    byte[] out = new byte[uri.wireLength() + 2];
    assertEquals(uri.wireLength() + 1, uri.writeTo(out, 1));
  }

  @Test
  void readsEveryPart() {
    SipUri u = SipUri.parse("sips:alice:pw@atlanta.com:5061;transport=TCP;lr;maddr=239.255.255.1;"
        + "ttl=15;user=phone;method=INVITE?subject=project%20x&priority=urgent");
    assertTrue(u.isSecure());
    assertEquals("sips", u.scheme());
    assertEquals("alice", u.user());
    assertEquals("pw", u.password());
    assertEquals("atlanta.com", u.host());
    assertEquals(5061, u.port());
    assertEquals("TCP", u.transport());
    assertTrue(u.lr());
    assertEquals("", u.param("lr"));
    assertEquals("239.255.255.1", u.maddr());
    assertEquals(15, u.ttl());
    assertEquals("phone", u.userParam());
    assertEquals("INVITE", u.method());
    assertEquals("subject=project%20x&priority=urgent", u.headers());
    assertEquals("urgent", u.header("Priority"));
    assertEquals("project%20x", u.header("subject"));
    assertNull(u.header("to"));
    assertNull(u.param("nothere"));
  }

  @Test
  void absentPartsAreNullOrMinusOne() {
    SipUri u = SipUri.parse("sip:example.com");
    assertFalse(u.hasUser());
    assertNull(u.user());
    assertNull(u.userUnescaped());
    assertNull(u.password());
    assertEquals(-1, u.port());
    assertEquals(5060, u.portOr(5060));
    assertEquals(-1, u.ttl());
    assertFalse(u.lr());
    assertNull(u.transport());
    assertFalse(u.hasHeaders());
    assertEquals("", u.paramsText());
  }

  @Test
  void paramNamesAreCaseInsensitive() {
    SipUri u = SipUri.parse("sip:h.example.com;TRANSPORT=udp;LR=on");
    assertEquals("udp", u.param("transport"));
    assertTrue(u.lr());
    assertEquals("on", u.param("lr"));
  }

  /** RFC 4475 §3.1.1.3 esc01: escapes in user part and in parameter names and values. */
  @Test
  void unescapesOnceOnly() {
    SipUri u = SipUri.parse("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31");
    assertEquals("cal%6Cer", u.user());
    assertEquals("caller", u.userUnescaped());
    assertTrue(u.lr(), "%6C%72 is lr");
    assertEquals("v%61lue%25%34%31", u.param("name"));
    assertEquals("value%41", u.paramUnescaped("name"));
    assertEquals("sips:user@example.com",
        SipUri.parse("sip:sips%3Auser%40example.com@example.net").userUnescaped());
  }

  /** RFC 4475 §3.1.1.4 escnull: %00 must not truncate the user. */
  @Test
  void keepsEscapedNul() {
    SipUri u = SipUri.parse("sip:null-%00-null@example.com");
    assertEquals("null-\0-null", u.userUnescaped());
    assertArrayEquals(bytes("null-\0-null"), u.userOctets());
    SipUri one = SipUri.parse("sip:%00@host5.example.com");
    SipUri two = SipUri.parse("sip:%00%00@host5.example.com");
    assertEquals(1, one.userOctets().length);
    assertEquals(2, two.userOctets().length);
    assertFalse(one.equivalent(two));
  }

  /** RFC 4475 §3.1.1.9 semiuri: ';' inside the user part. */
  @Test
  void userMayHoldSemicolons() {
    SipUri u = SipUri.parse("sip:user;par=u%40example.net@example.com");
    assertEquals("user;par=u%40example.net", u.user());
    assertEquals("user;par=u@example.net", u.userUnescaped());
    assertEquals("example.com", u.host());
    assertFalse(u.hasParam("par"));
  }

  /** RFC 4475 §3.1.1.2 intmeth: odd user and password characters. */
  @Test
  void acceptsUnusualUserinfo() {
    SipUri u = SipUri.parse("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!"
        + "*pas$wo~d_too.(doesn't-it)@example.com");
    assertEquals("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", u.user());
    assertEquals("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", u.password());
    assertEquals("example.com", u.host());
    assertFalse(u.hasHeaders());
  }

  /** RFC 5118 §4.1, §4.3, §4.4, §4.9, §4.10. */
  @Test
  void readsIpv6References() {
    SipUri good = SipUri.parse("sip:[2001:db8::10]");
    assertEquals("[2001:db8::10]", good.host());
    assertTrue(good.isIpv6());
    assertEquals(-1, good.port());
    assertEquals(5070, SipUri.parse("sip:[2001:db8::10]:5070").port());
    SipUri ambiguous = SipUri.parse("sip:[2001:db8::10:5070]");
    assertEquals("[2001:db8::10:5070]", ambiguous.host());
    assertEquals(-1, ambiguous.port());
    assertEquals("[::ffff:192.0.2.1]", SipUri.parse("sip:user@[::ffff:192.0.2.1]").host());
    assertEquals("[2001:db8:::192.0.2.1]", SipUri.parse("sip:user@[2001:db8:::192.0.2.1]").host());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sip:2001:db8::10", // RFC 5118 §4.2: IPv6 without brackets
      "<sip:user@example.com>", // RFC 4475 §3.1.2.7 ltgtruri
      "sip:user@example.com; lr", // RFC 4475 §3.1.2.8 lwsruri
      "sip:user@example.com;lr ;x",
      "sip:", "sip:@example.com", "sip:user@", "sip:user@host:0", "sip:user@host:65536",
      "sip:user@host:", "sip:user@host:50a", "sip:host;", "sip:host;=x", "sip:host;a=",
      "sip:host?", "sip:host?x", "sip:us%4@host", "sip:us%zzer@host", "sip:host;ttl=256",
      "sip:host;maddr=a..b", "sip:[2001:db8::10", "sip:[2001:db8::1::2]", "sip:[1:2:3:4:5:6:7:8:9]",
      "sip:192.0.2.256", "sip:-host.example.com", "sip:host..com", "sip:host>x", "sip:us er@host",
      "sip:user@host@other", "sip:123",
  })
  void rejectsMalformed(String uri) {
    assertBad(uri);
  }

  @Test
  void ignoresSurroundingLws() {
    byte[] b = bytes(" \t sip:alice@atlanta.com \r\n ");
    SipUri u = SipUri.parse(b, 0, b.length);
    assertEquals("sip:alice@atlanta.com", u.toString());
  }

  @Test
  void buildsRecordRouteUris() {
    assertEquals("sip:127.0.0.1:5060;lr", SipUri.of("127.0.0.1", 5060).withParam("lr", null).toString());
    assertEquals("sip:proxy.example.com;lr;transport=tcp",
        SipUri.builder().host("proxy.example.com").param("lr", null).param("transport", "tcp")
            .build().toString());
    assertEquals("sip:[2001:db8::1]:5062", SipUri.of("2001:db8::1", 5062).toString());
    SipUri built = SipUri.builder().secure(true).user("al ice@home").host("example.com").build();
    assertEquals("sips:al%20ice%40home@example.com", built.toString());
    assertEquals("al ice@home", built.userUnescaped());
  }

  @Test
  void changesParamsAndKeepsTheRest() {
    SipUri u = SipUri.parse("sip:bob@biloxi.com:5080;transport=udp;lr?subject=x");
    SipUri changed = u.withParam("TRANSPORT", "tcp");
    assertEquals("sip:bob@biloxi.com:5080;TRANSPORT=tcp;lr?subject=x", changed.toString());
    assertEquals("sip:bob@biloxi.com:5080;transport=udp?subject=x", u.withoutParam("lr").toString());
    assertEquals("sip:bob@biloxi.com:5080;transport=udp;lr", u.withoutHeaders().toString());
    assertEquals(u, u.withoutParam("maddr"));
  }

  @Test
  void builderRefusesBadParts() {
    assertThrows(IllegalArgumentException.class, () -> SipUri.of("bad host", 5060));
    assertThrows(IllegalArgumentException.class, () -> SipUri.of("example.com", 70000));
    assertThrows(IllegalArgumentException.class, () -> SipUri.builder().build());
  }

  @Test
  void hostPortMatch() {
    SipUri u = SipUri.parse("sip:alice@Proxy.Example.com:5060;lr");
    assertTrue(u.hasHostPort("proxy.example.COM", 5060));
    assertFalse(u.hasHostPort("proxy.example.com", -1));
    SipUri v6 = SipUri.parse("sip:[2001:DB8:0::1]:5060");
    assertTrue(v6.hasHostPort("2001:db8::1", 5060));
    assertTrue(v6.hasHostPort("[2001:0db8::0:1]", 5060));
    assertFalse(v6.hasHostPort("2001:db8::2", 5060));
  }

  /** The examples of RFC 3261 §19.1.4. */
  @Test
  void equivalentPerRfc3261() {
    equivalent("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp");
    equivalent("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5");
    equivalent("sip:carol@chicago.com", "sip:carol@chicago.com;security=on");
    equivalent("sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on");
    equivalent("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
        "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com");
    equivalent("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
        "sip:alice@atlanta.com?priority=urgent&subject=project%20x");
    equivalent("sip:[2001:db8::1]", "sip:[2001:0DB8:0:0::1]");
    equivalent("sip:h.example.com;lr", "sip:h.example.com");

    different("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP");
    different("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060");
    different("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp");
    different("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp");
    different("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting");
    different("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4");
    different("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off");
    different("sip:alice@atlanta.com", "sips:alice@atlanta.com");
    different("sip:alice:a@atlanta.com", "sip:alice@atlanta.com");
  }

  private static void equivalent(String a, String b) {
    assertTrue(SipUri.parse(a).equivalent(SipUri.parse(b)), a + " ~ " + b);
    assertTrue(SipUri.parse(b).equivalent(SipUri.parse(a)), b + " ~ " + a);
  }

  private static void different(String a, String b) {
    assertFalse(SipUri.parse(a).equivalent(SipUri.parse(b)), a + " !~ " + b);
    assertFalse(SipUri.parse(b).equivalent(SipUri.parse(a)), b + " !~ " + a);
  }

  @Test
  void parseOfOtherSchemeIsNotASipUri() {
    assertThrows(SipParseException.class, () -> SipUri.parse("tel:+1-201-555-0123"));
  }
}
