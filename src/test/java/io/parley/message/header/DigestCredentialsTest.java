package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestCredentialsTest {

  private static final String RFC3665 = "Digest username=\"bob\", realm=\"atlanta.example.com\",\r\n"
      + " nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", opaque=\"\",\r\n"
      + " uri=\"sips:ss2.biloxi.example.com\",\r\n response=\"dfe56131d1958046689d83306477ecc\"";

  @ParameterizedTest
  @ValueSource(strings = {
      RFC3665,
      "Digest username=\"alice\", realm=\"example.com\", nonce=\"n\", uri=\"sip:example.com\", "
          + "response=\"0123\", algorithm=SHA-256, cnonce=\"c\", qop=auth, nc=00000001",
      "NoOneKnowsThisScheme opaque-data=here",
      "Bearer abc.def==",
  })
  void roundTripsUnchangedBytes(String text) {
    byte[] in = text.getBytes(StandardCharsets.UTF_8);
    DigestCredentials c = DigestCredentials.parse(in, 0, in.length);
    assertArrayEquals(in, c.toBytes());
    assertEquals(c, DigestCredentials.parse(c.toString()));
  }

  @Test
  void readsDigestFields() {
    DigestCredentials c = DigestCredentials.parse(RFC3665);
    assertTrue(c.isDigest());
    assertEquals("Digest", c.scheme());
    assertEquals("bob", c.username());
    assertEquals("atlanta.example.com", c.realm());
    assertEquals("ea9c8e88df84f1cec4341ae6cbe5a359", c.nonce());
    assertEquals("", c.opaque());
    assertEquals("sips:ss2.biloxi.example.com", c.uri());
    assertEquals("dfe56131d1958046689d83306477ecc", c.response());
    assertNull(c.algorithm());
    assertNull(c.qop());
    assertNull(c.nc());
    assertNull(c.cnonce());
    assertFalse(c.userhash());
    assertEquals("\"bob\"", c.rawParam("USERNAME"));
    assertEquals(List.of("username", "realm", "nonce", "opaque", "uri", "response"), c.paramNames());
  }

  @Test
  void acceptsQuotedOrTokenValuesAndEscapes() {
    DigestCredentials c = DigestCredentials.parse(
        "digest username=\"a\\\"b\",realm=r,qop=\"auth\",nc=0000000a,algorithm=MD5-sess,userhash=TRUE");
    assertTrue(c.isDigest());
    assertEquals("a\"b", c.username());
    assertEquals("r", c.realm());
    assertEquals("auth", c.qop());
    assertEquals("0000000a", c.nc());
    assertEquals("MD5-sess", c.algorithm());
    assertTrue(c.userhash());
  }

  /** RFC 7616 §3.4.4: the extended username is a token value, kept as sent. */
  @Test
  void keepsExtendedUsername() {
    DigestCredentials c = DigestCredentials.parse(
        "Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=\"api@example.org\", uri=\"/doe.json\"");
    assertNull(c.username());
    assertEquals("UTF-8''J%C3%A4s%C3%B8n%20Doe", c.param("username*"));
    assertEquals("/doe.json", c.uri());
  }

  /** RFC 4475 §3.3.7 regaut01: an unknown scheme parses and is kept as written. */
  @Test
  void keepsUnknownSchemes() {
    DigestCredentials c = DigestCredentials.parse(" NoOneKnowsThisScheme opaque-data=here ");
    assertFalse(c.isDigest());
    assertEquals("NoOneKnowsThisScheme", c.scheme());
    assertEquals("opaque-data=here", c.paramsText());
    assertNull(c.username());
    assertTrue(c.paramNames().isEmpty());
    assertEquals("NoOneKnowsThisScheme opaque-data=here", c.toString());
    assertFalse(DigestCredentials.parse("Basic").isDigest());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "Digest", "Digest ", "Digestusername=\"a\"", "Digest username", "Digest username=",
      "Digest username=\"a", "Digest username=\"a\",", "Digest username=\"a\",,realm=\"r\"",
      "Digest username=\"a\" realm=\"r\"", "Digest username=\"a\", username=\"b\"",
      "Digest nonce=\"a\", NONCE=\"b\"", "Digest uri=sip:a@b", "\"Digest\" a=b", "Other,x",
  })
  void rejectsMalformed(String text) {
    SipParseException e = assertThrows(SipParseException.class, () -> DigestCredentials.parse(text), text);
    assertEquals(400, e.status());
  }

  @Test
  void builds() {
    DigestCredentials c = DigestCredentials.builder().username("bob").realm("biloxi.com")
        .nonce("dcd98b").uri("sip:bob@biloxi.com").response("6629fae4").algorithm("MD5")
        .cnonce("0a4f113b").opaque("5ccc").qop("auth").nc(1).build();
    assertEquals("Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b\", "
        + "uri=\"sip:bob@biloxi.com\", response=\"6629fae4\", algorithm=MD5, cnonce=\"0a4f113b\", "
        + "opaque=\"5ccc\", qop=auth, nc=00000001", c.toString());
    assertEquals("00000001", c.nc());
    assertTrue(DigestCredentials.builder().username("x").userhash(true).build().userhash());
    assertThrows(IllegalArgumentException.class, () -> DigestCredentials.builder().build());
  }
}
