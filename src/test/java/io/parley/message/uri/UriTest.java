package io.parley.message.uri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParseException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UriTest {

  @Test
  void dispatchesOnScheme() {
    assertInstanceOf(SipUri.class, Uri.parse("sip:a@b.example.com"));
    assertInstanceOf(SipUri.class, Uri.parse("SIPS:a@b.example.com"));
    assertInstanceOf(TelUri.class, Uri.parse("tel:+1-201-555-0123"));
    assertInstanceOf(AbsoluteUri.class, Uri.parse("mailto:a@b.example.com"));
  }

  /** RFC 4475 §3.3.2 unkscm and §3.3.3 novelsc: well-formed, answered with 416 later. */
  @Test
  void unknownSchemesAreWellFormed() {
    AbsoluteUri unknown = AbsoluteUri.parse("nobodyKnowsThisScheme:totallyopaquecontent");
    assertEquals("nobodyknowsthisscheme", unknown.scheme());
    assertEquals("totallyopaquecontent", unknown.schemeSpecificPart());
    AbsoluteUri beep = (AbsoluteUri) Uri.parse("soap.beep://192.0.2.103:3002");
    assertEquals("soap.beep", beep.scheme());
    assertEquals("//192.0.2.103:3002", beep.schemeSpecificPart());
    // RFC 4475 §3.3.4 unksm2
    assertEquals("isbn", Uri.parse("isbn:2983792873").scheme());
    assertEquals("http", Uri.parse("http://www.example.com").scheme());
    assertEquals("name", Uri.parse("name:John_Smith").scheme());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "nobodyKnowsThisScheme:totallyopaquecontent", "soap.beep://192.0.2.103:3002",
      "http://[2001:db8::1]:80/a?b=c", "tel:+1-201-555-0123;ext=12", "tel:7042;phone-context=example.com",
      "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
  })
  void roundTrips(String text) {
    byte[] in = text.getBytes(StandardCharsets.ISO_8859_1);
    Uri uri = Uri.parse(in, 0, in.length);
    assertArrayEquals(in, uri.toBytes());
    assertEquals(text, uri.toString());
    assertEquals(uri, Uri.parse(uri.toString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "   ", "nocolon", "1abc:x", "x:", "x y:z", "a:b c", "a:<b>", "a:b\"c", "<sip:a@b.com>",
      "tel:", "tel:+", "tel:+1-2x", "tel:12;", "tel:12;=x", "tel:12;a=", "tel:12;a b",
  })
  void rejectsMalformed(String text) {
    SipParseException e = assertThrows(SipParseException.class, () -> Uri.parse(text), text);
    assertEquals(400, e.status());
    assertTrue(e.reason().startsWith("bad "), e.reason());
  }

  @Test
  void readsTelUris() {
    TelUri global = TelUri.parse("tel:+1-201-555-0123;ext=1234;isub=7");
    assertTrue(global.isGlobal());
    assertEquals("+1-201-555-0123", global.number());
    assertEquals("+12015550123", global.digits());
    assertEquals("1234", global.param("EXT"));
    assertEquals("7", global.param("isub"));
    assertNull(global.phoneContext());
    TelUri local = TelUri.parse("tel:7042;phone-context=example.com");
    assertFalse(local.isGlobal());
    assertEquals("example.com", local.phoneContext());
    TelUri hex = TelUri.parse("tel:*31#;phone-context=+1-201");
    assertEquals("*31#", hex.digits());
    assertEquals("tel", hex.scheme());
  }

  @Test
  void typedParseRefusesOtherSchemes() {
    assertThrows(SipParseException.class, () -> TelUri.parse("sip:a@b.com"));
    assertThrows(SipParseException.class, () -> AbsoluteUri.parse("tel:+12"));
  }

  @Test
  void prefixParseStopsWhereTheUriEnds() {
    byte[] b = "<sip:alice@atlanta.com;lr?x=y>;tag=1".getBytes(StandardCharsets.ISO_8859_1);
    Uri sip = Uri.parsePrefix(b, 1, b.length);
    assertEquals("sip:alice@atlanta.com;lr?x=y", sip.toString());
    assertEquals(b.length - 7, 1 + sip.wireLength());
    byte[] t = "<tel:+1-201-555-0123;ext=1> x".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("tel:+1-201-555-0123;ext=1", Uri.parsePrefix(t, 1, t.length).toString());
    byte[] h = "<http://www.example.com/a> x".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("http://www.example.com/a", Uri.parsePrefix(h, 1, h.length).toString());
    byte[] bad = "<sip:a@b.com;%zz>".getBytes(StandardCharsets.ISO_8859_1);
    assertThrows(SipParseException.class, () -> Uri.parsePrefix(bad, 1, bad.length));
    assertThrows(SipParseException.class, () -> Uri.parseExact(b, 1, b.length));
  }

  @Test
  void namesTheUnbracketedIpv6Mistake() {
    SipParseException e = assertThrows(SipParseException.class, () -> Uri.parse("sip:2001:db8::10"));
    assertEquals("bad SIP URI: IPv6 address without brackets", e.reason());
    SipParseException f = assertThrows(SipParseException.class, () -> Uri.parse("sip:fe80::1;lr"));
    assertEquals("bad SIP URI: IPv6 address without brackets", f.reason());
  }
}
