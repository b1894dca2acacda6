package io.parley.message.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParseException;
import io.parley.message.header.Contact;
import io.parley.message.header.DigestCredentials;
import io.parley.message.header.NameAddr;
import io.parley.message.header.Via;
import io.parley.message.uri.AbsoluteUri;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tricky header values and Request-URIs of the RFC 4475 torture messages, copied octet for
 * octet from the message files (each value is everything after the field's colon, folded lines
 * included). Octets are written as ISO-8859-1 chars, so {@code \u00d1\u0080} is the UTF-8 of
 * one Cyrillic letter.
 */
class Rfc4475HeaderValuesTest {

  private static byte[] b(String octets) {
    return octets.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static Uri uri(String octets) {
    byte[] x = b(octets);
    return Uri.parse(x, 0, x.length);
  }

  private static NameAddr nameAddr(String octets) {
    byte[] x = b(octets);
    return NameAddr.parse(x, 0, x.length);
  }

  private static List<Contact> contacts(String octets) {
    byte[] x = b(octets);
    return Contact.parseList(x, 0, x.length);
  }

  private static List<Via> vias(String octets) {
    byte[] x = b(octets);
    return Via.parseList(x, 0, x.length);
  }

  private static void assertBadRequest(Runnable parse) {
    SipParseException e = assertThrows(SipParseException.class, parse::run);
    assertEquals(400, e.status());
  }

  /** The parsed value, written back, is the value as received minus surrounding LWS. */
  private static void assertUnchanged(String octets, byte[] wire) {
    assertArrayEquals(b(octets.strip()), wire);
  }

  /** §3.1.1.1 wsinv: folding and LWS everywhere, escaped quotes, unknown URI parameters. */
  @Test
  void wsinv() {
    SipUri ruri = (SipUri) uri("sip:vivekg@chair-dnrc.example.com;unknownparam");
    assertTrue(ruri.hasParam("unknownparam"));

    String to = "\r\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n";
    NameAddr toValue = nameAddr(to);
    assertEquals("1918181833n", toValue.tag());
    assertEquals("sip:vivekg@chair-dnrc.example.com", toValue.uri().toString());
    assertUnchanged(to, toValue.toBytes());

    String from = " \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8";
    NameAddr fromValue = nameAddr(from);
    assertEquals("J Rosenberg \\\"", fromValue.displayName());
    assertEquals("98asjd8", fromValue.tag());
    assertUnchanged(from, fromValue.toBytes());

    String via = " SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw";
    Via v = vias(via).get(0);
    assertEquals("UDP", v.transport());
    assertEquals("192.0.2.2", v.host());
    assertEquals("390skdjuw", v.branch());
    assertFalse(v.hasMagicCookie());
    assertUnchanged(via, v.toBytes());

    String v2 = "  SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8  ,\r\n"
        + " SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n z9hG4bK30239";
    List<Via> list = vias(v2);
    assertEquals(2, list.size());
    assertEquals("z9hG4bK9ikj8", list.get(0).branch());
    assertEquals("192.168.255.111", list.get(1).host());
    assertEquals("z9hG4bK30239", list.get(1).branch());

    String route = "\r\n <sip:services.example.com;lr;unknownwith=value;unknown-no-value>";
    SipUri r = NameAddr.parseList(b(route), 0, b(route).length).get(0).sipUri();
    assertTrue(r.lr());
    assertEquals("value", r.param("unknownwith"));
    assertEquals("", r.param("unknown-no-value"));

    String m = "\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\r\n      newvalue ;\r\n"
        + "  secondparam ; q = 0.33";
    Contact c = contacts(m).get(0);
    assertEquals("Quoted string \"\"", c.nameAddr().displayName());
    assertEquals("newvalue", c.params().get("newparam"));
    assertTrue(c.params().has("secondparam"));
    assertEquals(330, c.qThousandths());
    assertUnchanged(m, c.toBytes());
  }

  /** §3.1.1.2 intmeth: odd token characters, escaped control octets in a display name. */
  @Test
  void intmeth() {
    SipUri ruri = (SipUri) uri("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,"
        + "weird!*pas$wo~d_too.(doesn't-it)@example.com");
    assertEquals("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", ruri.user());
    assertEquals("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", ruri.password());

    Via v = vias(" SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~").get(0);
    assertEquals("z9hG4bK-.!%66*_+`'~", v.branch());
    assertTrue(v.hasMagicCookie());

    String to = " \"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007f\" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/"
        + "crazy?,/;;*@example.com>";
    NameAddr toValue = nameAddr(to);
    assertEquals("BEL:\u0007 NUL:\u0000 DEL:\u007f", toValue.displayName());
    assertEquals("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", toValue.sipUri().user());
    assertUnchanged(to, toValue.toBytes());

    String from = " token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%="
        + "\"\u00d1\u0080\u00d0\u00b0\u00d0\u00b1\u00d0\u00be\u00d1\u0082\u00d0\u00b0\u00d1\u008e"
        + "\u00d1\u0089\u00d0\u00b8\u00d0\u00b9\";tag=_token~1'+`*%!-.";
    NameAddr fromValue = nameAddr(from);
    assertEquals("token1~` token2'+_ token3*%!.-", fromValue.displayName());
    assertEquals("\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439",
        fromValue.param("fromParam''~+*_!.-%"));
    assertEquals("_token~1'+`*%!-.", fromValue.tag());
    assertUnchanged(from, fromValue.toBytes());
  }

  /** §3.1.1.3 esc01: escapes are kept raw and resolved exactly once. */
  @Test
  void esc01() {
    SipUri ruri = (SipUri) uri("sip:sips%3Auser%40example.com@example.net");
    assertEquals("sips:user@example.com", ruri.userUnescaped());
    assertEquals("example.net", ruri.host());
    assertEquals("user", nameAddr(" sip:%75se%72@example.com").sipUri().userUnescaped());
    NameAddr from = nameAddr(" <sip:I%20have%20spaces@example.net>;tag=938");
    assertEquals("I have spaces", from.sipUri().userUnescaped());
    assertEquals("938", from.tag());

    String contact = "\r\n  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>";
    Contact c = contacts(contact).get(0);
    SipUri u = c.sipUri();
    assertEquals("caller", u.userUnescaped());
    assertTrue(u.lr());
    assertEquals("value%41", u.paramUnescaped("name"));
    assertUnchanged(contact, c.toBytes());
  }

  /** §3.1.1.4 escnull: %00 does not cut the user part; two distinct contacts. */
  @Test
  void escnull() {
    NameAddr to = nameAddr(" sip:null-%00-null@example.com");
    assertEquals("null-\u0000-null", to.sipUri().userUnescaped());
    NameAddr from = nameAddr(" sip:null-%00-null@example.com;tag=839923423");
    assertEquals("839923423", from.tag());
    assertTrue(to.sipUri().equivalent(from.sipUri()));
    SipUri one = contacts(" <sip:%00@host5.example.com>").get(0).sipUri();
    SipUri two = contacts(" <sip:%00%00@host5.example.com>").get(0).sipUri();
    assertArrayEquals(new byte[] {0}, one.userOctets());
    assertArrayEquals(new byte[] {0, 0}, two.userOctets());
    assertFalse(one.equivalent(two));
  }

  /** §3.1.1.5 esc02: '%' that is not an escape, in a quoted display name and a branch. */
  @Test
  void esc02() {
    assertEquals("%Z%45", nameAddr(" \"%Z%45\" <sip:resource@example.com>").displayName());
    assertEquals("f232jadfj23",
        nameAddr(" \"%Z%45\" <sip:resource@example.com>;tag=f232jadfj23").tag());
    assertEquals("z9hG4bK209%fzsnel234",
        vias(" SIP/2.0/TCP host.example.com;branch=z9hG4bK209%fzsnel234").get(0).branch());
    assertEquals("alias2", contacts(" <sip:alias2@host2.example.com>").get(0).sipUri().user());
  }

  /** §3.1.1.6 lwsdisp: no LWS between display name and '<'. */
  @Test
  void lwsdisp() {
    NameAddr from = nameAddr(" caller<sip:caller@example.com>;tag=323");
    assertEquals("caller", from.displayName());
    assertEquals("caller", from.sipUri().user());
    assertEquals("323", from.tag());
  }

  /** §3.1.1.9 semiuri: ';' in the Request-URI's user part. */
  @Test
  void semiuri() {
    SipUri ruri = (SipUri) uri("sip:user;par=u%40example.net@example.com");
    assertEquals("user;par=u%40example.net", ruri.user());
    assertEquals("example.com", ruri.host());
    assertFalse(ruri.hasParam("par"));
  }

  /** §3.1.1.10 transports: any transport token. */
  @Test
  void transports() {
    String[] values = {
        " SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw",
        " SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf",
        " SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj",
        " SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en",
        " SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee",
    };
    String[] transports = {"UDP", "SCTP", "TLS", "UNKNOWN", "TCP"};
    for (int i = 0; i < values.length; i++) {
      Via v = vias(values[i]).get(0);
      assertEquals(transports[i], v.transport());
      assertEquals("t" + (i + 1) + ".example.com", v.host());
    }
  }

  /** §3.1.2.1 badinv01: extraneous separators in Via and Contact. */
  @Test
  void badinv01() {
    assertBadRequest(() -> vias(" SIP/2.0/UDP 192.0.2.15;;,;,,"));
    assertBadRequest(() -> contacts(" \"Joe\" <sip:joe@example.org>;;;;"));
  }

  /** §3.1.2.6 quotbal: unterminated quoted display name. */
  @Test
  void quotbal() {
    assertBadRequest(() -> nameAddr(" \"Mr. J. User <sip:j.user@example.com>"));
  }

  /** §3.1.2.7 ltgtruri: a Request-URI in angle brackets. */
  @Test
  void ltgtruri() {
    assertBadRequest(() -> uri("<sip:user@example.com>"));
  }

  /** §3.1.2.8 lwsruri: LWS inside the Request-URI. */
  @Test
  void lwsruri() {
    assertBadRequest(() -> uri("sip:user@example.com; lr"));
  }

  /**
   * §3.1.2.11 escruri: escaped headers in the Request-URI are well-formed URI syntax; the proxy
   * must not forward them, which {@link SipUri#withoutHeaders()} allows.
   */
  @Test
  void escruri() {
    SipUri ruri = (SipUri) uri("sip:user@example.com?Route=%3Csip:example.com%3E");
    assertTrue(ruri.hasHeaders());
    assertEquals("%3Csip:example.com%3E", ruri.header("Route"));
    assertEquals("sip:user@example.com", ruri.withoutHeaders().toString());
  }

  /** §3.1.2.13 regbadct: a URI with headers must be in angle brackets. */
  @Test
  void regbadct() {
    assertBadRequest(() -> contacts(" sip:user@example.com?Route=%3Csip:sip.example.com%3E"));
  }

  /** §3.1.2.14 badaspec: the quoted display name is fine, the spaces inside <> are not. */
  @Test
  void badaspec() {
    NameAddr from = nameAddr(" \"Bell, Alexander\" <sip:a.g.bell@example.com>;tag=433423");
    assertEquals("Bell, Alexander", from.displayName());
    assertBadRequest(() -> nameAddr(" \"Watson, Thomas\" < sip:t.watson@example.org >"));
  }

  /** §3.1.2.15 baddn: an unquoted display name with a comma. */
  @Test
  void baddn() {
    assertBadRequest(() -> nameAddr("    Bell, Alexander <sip:a.g.bell@example.com>;tag=43"));
    assertBadRequest(() -> nameAddr("      Watson, Thomas <sip:t.watson@example.org>"));
  }

  /** §3.3.2 unkscm and §3.3.3 novelsc: unknown schemes parse (the proxy answers 416). */
  @Test
  void unknownRequestUriSchemes() {
    assertInstanceOf(AbsoluteUri.class, uri("nobodyKnowsThisScheme:totallyopaquecontent"));
    assertEquals("soap.beep", uri("soap.beep://192.0.2.103:3002").scheme());
  }

  /** §3.3.4 unksm2: non-SIP URIs in To, From and Contact parse. */
  @Test
  void unksm2() {
    assertEquals("isbn", nameAddr(" isbn:2983792873").uri().scheme());
    NameAddr from = nameAddr(" <http://www.example.com>;tag=3234233");
    assertEquals("http", from.uri().scheme());
    assertEquals("3234233", from.tag());
    assertNull(contacts(" <name:John_Smith>").get(0).sipUri());
  }

  /** §3.3.12 cparam01: outside <>, unknownparam is a contact parameter. */
  @Test
  void cparam01() {
    Contact c = contacts(" sip:+19725552222@gw1.example.net;unknownparam").get(0);
    assertTrue(c.params().has("unknownparam"));
    assertFalse(c.sipUri().hasParam("unknownparam"));
    assertEquals("sip:+19725552222@gw1.example.net", c.uri().toString());
  }

  /** §3.3.13 cparam02: inside <>, unknownparam is a URI parameter. */
  @Test
  void cparam02() {
    Contact c = contacts(" <sip:+19725552222@gw1.example.net;unknownparam>").get(0);
    assertTrue(c.sipUri().hasParam("unknownparam"));
    assertFalse(c.params().has("unknownparam"));
  }

  /** §3.3.14 regescrt: an escaped header inside <> is kept in the contact URI. */
  @Test
  void regescrt() {
    Contact c = contacts(" <sip:user@example.com?Route=%3Csip:sip.example.com%3E>").get(0);
    assertEquals("Route=%3Csip:sip.example.com%3E", c.sipUri().headers());
    assertEquals("sip:user@example.com?Route=%3Csip:sip.example.com%3E", c.uri().toString());
  }

  /** §3.3.7 regaut01: an unknown Authorization scheme parses. */
  @Test
  void regaut01() {
    byte[] v = b(" NoOneKnowsThisScheme opaque-data=here");
    DigestCredentials c = DigestCredentials.parse(v, 0, v.length);
    assertFalse(c.isDigest());
    assertEquals("NoOneKnowsThisScheme", c.scheme());
    assertEquals("opaque-data=here", c.paramsText());
  }
}
