package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParseException;
import io.parley.message.uri.AbsoluteUri;
import io.parley.message.uri.SipUri;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameAddrTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Bob <sip:bob@biloxi.com>;tag=a6c85cf",
      "\"Alice Liddell\" <sip:alice@atlanta.com>;tag=1928301774",
      "sip:alice@atlanta.com;tag=88sja8x",
      "<sip:carol@chicago.com>",
      "A B  C <sips:c@example.com;transport=tls>;x=\"q\\\"v\";y",
      "<sip:user@example.com?Route=%3Csip:sip.example.com%3E>",
      "tel:+1-201-555-0123;tag=5",
      "<urn:service:sos>",
  })
  void roundTripsUnchangedBytes(String text) {
    byte[] in = b(text);
    NameAddr na = NameAddr.parse(in, 0, in.length);
    assertArrayEquals(in, na.toBytes());
    assertEquals(na, NameAddr.parse(na.toString()));
  }

  @Test
  void readsDisplayNameUriAndTag() {
    NameAddr na = NameAddr.parse(" \"Alice \\\"A\\\" L.\" <sip:alice@atlanta.com;lr>;tag=1928;x ");
    assertTrue(na.hasDisplayName());
    assertEquals("Alice \"A\" L.", na.displayName());
    assertEquals("\"Alice \\\"A\\\" L.\"", na.rawDisplayName());
    assertTrue(na.hasAngleBrackets());
    SipUri uri = na.sipUri();
    assertEquals("alice", uri.user());
    assertTrue(uri.lr(), "params inside <> belong to the URI");
    assertEquals("1928", na.tag());
    assertEquals("", na.param("x"));
    assertEquals(2, na.params().size());
  }

  @Test
  void tokenDisplayNameIsCollapsed() {
    NameAddr na = NameAddr.parse("token1~` \r\n token2'+_ <sip:m@example.com>");
    assertEquals("token1~` token2'+_", na.displayName());
    assertEquals("token1~` \r\n token2'+_", na.rawDisplayName());
  }

  /** RFC 3261 §20.10: without <>, ;params after the URI are header parameters. */
  @Test
  void bareAddrSpecParamsBelongToTheHeader() {
    NameAddr na = NameAddr.parse("sip:+19725552222@gw1.example.net;unknownparam;tag=7");
    assertFalse(na.hasAngleBrackets());
    assertFalse(na.hasDisplayName());
    assertNull(na.displayName());
    assertEquals("sip:+19725552222@gw1.example.net", na.uri().toString());
    assertTrue(na.params().has("unknownparam"));
    assertEquals("7", na.tag());
    NameAddr bracketed = NameAddr.parse("<sip:+19725552222@gw1.example.net;unknownparam>");
    assertTrue(bracketed.sipUri().hasParam("unknownparam"));
    assertTrue(bracketed.params().isEmpty());
  }

  @Test
  void acceptsAnyScheme() {
    assertInstanceOf(AbsoluteUri.class, NameAddr.parse("isbn:2983792873").uri());
    assertInstanceOf(AbsoluteUri.class, NameAddr.parse("<http://www.example.com>;tag=3234233").uri());
    assertEquals("3234233", NameAddr.parse("<http://www.example.com>;tag=3234233").tag());
    assertNull(NameAddr.parse("<name:John_Smith>").sipUri());
  }

  @Test
  void parsesLists() {
    List<NameAddr> routes = NameAddr.parseList(
        "<sip:p1.example.com;lr>, \"P 2\" <sip:p2.example.com;lr>;x=1 ,\r\n <sip:p3.example.com;lr>");
    assertEquals(3, routes.size());
    assertEquals("p2.example.com", routes.get(1).sipUri().host());
    assertEquals("1", routes.get(1).param("x"));
    assertEquals("<sip:p3.example.com;lr>", routes.get(2).toString());
    assertEquals(1, NameAddr.parseList("<sip:a@b.com>").size());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "  ", "<sip:a@b.com>,", ",<sip:a@b.com>", "<sip:a@b.com>,,<sip:c@d.com>", "<sip:a@b.com> x",
  })
  void listRejectsEmptyElementsAndJunk(String text) {
    assertThrows(SipParseException.class, () -> NameAddr.parseList(text), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"Mr. J. User <sip:j.user@example.com>", // quotbal
      "Bell, Alexander <sip:a.g.bell@example.com>;tag=43", // baddn
      "\"Watson, Thomas\" < sip:t.watson@example.org >", // badaspec
      "<sip:user@example.com; lr>", // LWS inside the URI
      "<sip:user@example.com ;lr>",
      "sip:user@example.com?Route=%3Csip:sip.example.com%3E", // regbadct
      "<sip:a@b.com>, <sip:c@d.com>", // two values where one is allowed
      "\"name\" sip:a@b.com", "<sip:a@b.com", "sip:a@b.com>", "<>", "name", "<sip:a@b.com>;",
      "<sip:a@b.com>;tag", "<sip:a@b.com>;tag=", "<sip:a@b.com>;;tag=1", "@ <sip:a@b.com>",
      "<sip:a@b.com> junk", "\"x\"\"y\" <sip:a@b.com>", "\"a\\\u00e9\" <sip:a@b.com>",
      "\"bell\u0007\" <sip:a@b.com>",
  })
  void rejectsMalformed(String text) {
    SipParseException e = assertThrows(SipParseException.class, () -> NameAddr.parse(text), text);
    assertEquals(400, e.status());
  }

  @Test
  void rejectsTagWithoutValue() {
    assertThrows(SipParseException.class, () -> NameAddr.parse("<sip:a@b.com>;tag="));
  }

  @Test
  void buildsAndChanges() {
    SipUri uri = SipUri.parse("sip:alice@atlanta.com");
    assertEquals("<sip:alice@atlanta.com>", NameAddr.of(uri).toString());
    assertEquals("\"Alice \\\"A\\\"\" <sip:alice@atlanta.com>",
        NameAddr.of("Alice \"A\"", uri).toString());
    assertEquals("Alice \"A\"", NameAddr.of("Alice \"A\"", uri).displayName());

    NameAddr bare = NameAddr.parse("sip:bob@biloxi.com");
    assertEquals("sip:bob@biloxi.com;tag=314159", bare.withTag("314159").toString());
    NameAddr named = NameAddr.parse("Bob   <sip:bob@biloxi.com> ;  x=1");
    assertEquals("Bob <sip:bob@biloxi.com>;x=1;tag=9", named.withTag("9").toString());
    assertEquals("Bob <sip:bob@biloxi.com>", named.withoutParam("x").toString());
    assertSame(named, named.withoutParam("y"));
    assertEquals("<sip:bob@biloxi.com;lr>", bare.withUri(SipUri.parse("sip:bob@biloxi.com;lr")).toString());
    assertEquals("sip:bob@biloxi.com;tag=\"a b\"", bare.withParam("tag", "a b").toString());
  }

  @Test
  void errorsNameTheHeader() {
    byte[] v = b("\"Mr. J. User <sip:j.user@example.com>");
    SipParseException e = assertThrows(SipParseException.class, () -> NameAddr.parse(v, 0, v.length, "To"));
    assertEquals("bad To: unterminated quoted string", e.reason());
    byte[] r = b("<sip:a@b.com>,");
    SipParseException f = assertThrows(SipParseException.class, () -> NameAddr.parseList(r, 0, r.length, "Route"));
    assertTrue(f.reason().startsWith("bad Route: "), f.reason());
  }
}
