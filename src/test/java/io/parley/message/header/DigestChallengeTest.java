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

class DigestChallengeTest {

  /** RFC 7616 §3.9.1. */
  private static final String RFC7616 = "Digest\r\n realm=\"http-auth@example.org\",\r\n"
      + " qop=\"auth, auth-int\",\r\n algorithm=SHA-256,\r\n"
      + " nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\r\n"
      + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

  @Test
  void roundTripsUnchangedBytes() {
    byte[] in = RFC7616.getBytes(StandardCharsets.UTF_8);
    DigestChallenge c = DigestChallenge.parse(in, 0, in.length);
    assertArrayEquals(in, c.toBytes());
    assertEquals(c, DigestChallenge.parse(c.toString()));
  }

  @Test
  void readsChallenge() {
    DigestChallenge c = DigestChallenge.parse(RFC7616);
    assertTrue(c.isDigest());
    assertEquals("http-auth@example.org", c.realm());
    assertEquals(List.of("auth", "auth-int"), c.qopOptions());
    assertEquals("SHA-256", c.algorithm());
    assertEquals("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", c.nonce());
    assertEquals("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", c.opaque());
    assertFalse(c.stale());
    assertFalse(c.userhash());
    assertNull(c.charset());
    assertTrue(c.domain().isEmpty());
  }

  @Test
  void readsFlagsAndDomain() {
    DigestChallenge c = DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", stale=TRUE, "
        + "domain=\"sip:a.example.com  sip:b.example.com\", charset=UTF-8, userhash=true");
    assertTrue(c.stale());
    assertTrue(c.userhash());
    assertEquals("UTF-8", c.charset());
    assertEquals(List.of("sip:a.example.com", "sip:b.example.com"), c.domain());
    assertTrue(c.qopOptions().isEmpty());
  }

  @Test
  void keepsOtherSchemes() {
    DigestChallenge c = DigestChallenge.parse("Bearer realm=\"example\", scope=\"x\"");
    assertFalse(c.isDigest());
    assertEquals("Bearer", c.scheme());
    assertEquals("realm=\"example\", scope=\"x\"", c.paramsText());
    assertNull(c.realm());
  }

  @Test
  void rejectsMalformed() {
    assertThrows(SipParseException.class, () -> DigestChallenge.parse("Digest realm=\"r\" nonce=\"n\""));
    assertThrows(SipParseException.class, () -> DigestChallenge.parse("Digest realm=\"r\", realm=\"s\""));
    assertThrows(SipParseException.class, () -> DigestChallenge.parse("Digest realm=\"r"));
  }

  @Test
  void buildsWhatARegistrarSends() {
    DigestChallenge c = DigestChallenge.builder().realm("example.com").nonce("abc123")
        .opaque("o1").stale(true).algorithm("SHA-256").qop("auth", "auth-int").build();
    assertEquals("Digest realm=\"example.com\", nonce=\"abc123\", opaque=\"o1\", stale=true, "
        + "algorithm=SHA-256, qop=\"auth,auth-int\"", c.toString());
    assertEquals(List.of("auth", "auth-int"), c.qopOptions());
    assertTrue(c.stale());

    DigestChallenge full = DigestChallenge.builder().realm("r \"q\"").domain(List.of("sip:a", "sip:b"))
        .nonce("n").charset("UTF-8").userhash(true).build();
    assertEquals("r \"q\"", full.realm());
    assertEquals(List.of("sip:a", "sip:b"), full.domain());
    assertTrue(full.userhash());
    assertEquals("Digest realm=\"r \\\"q\\\"\", domain=\"sip:a sip:b\", nonce=\"n\", charset=UTF-8, "
        + "userhash=true", full.toString());
    assertThrows(IllegalArgumentException.class, () -> DigestChallenge.builder().build());
  }
}
