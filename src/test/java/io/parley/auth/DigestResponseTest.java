package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The published examples, computed by the code under test from their inputs. */
class DigestResponseTest {
  private static final String NONCE_7616 = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  private static final String CNONCE_7616 = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  private static final String REALM_7616 = "http-auth@example.org";

  @Test
  void rfc7616Section391Md5() {
    String ha1 = Ha1.compute(DigestAlgorithm.MD5, "Mufasa", REALM_7616, "Circle of Life");
    String response = DigestResponse.withQop(DigestAlgorithm.MD5, ha1, NONCE_7616, "00000001", CNONCE_7616, "auth",
        "GET", "/dir/index.html");
    assertEquals("8ca523f5e9506fed4657c9700eebdbec", response);
  }

  @Test
  void rfc7616Section391Sha256() {
    String ha1 = Ha1.compute(DigestAlgorithm.SHA_256, "Mufasa", REALM_7616, "Circle of Life");
    String response = DigestResponse.withQop(DigestAlgorithm.SHA_256, ha1, NONCE_7616, "00000001", CNONCE_7616,
        "auth", "GET", "/dir/index.html");
    assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", response);
  }

  @Test
  void rfc2617Section35() {
    // The password of RFC 2617's example is "Circle Of Life", with a capital O.
    String ha1 = Ha1.compute(DigestAlgorithm.MD5, "Mufasa", "testrealm@host.com", "Circle Of Life");
    String response = DigestResponse.withQop(DigestAlgorithm.MD5, ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001",
        "0a4f113b", "auth", "GET", "/dir/index.html");
    assertEquals("6629fae49393a05397450978507c4ef1", response);
  }

  @Test
  void withoutQopIsTheRfc2069Form() {
    // Computed independently (Python hashlib) for a benchmark-style REGISTER.
    String ha1 = Ha1.compute(DigestAlgorithm.MD5, "user0000", "127.0.0.1", "pw12345");
    assertEquals("4e35c4784f31f39f70edf9476dde151c", ha1);
    assertEquals("017cdc2523e00b0492f32e9343ee5b5f",
        DigestResponse.withoutQop(DigestAlgorithm.MD5, ha1, "n0nce", "REGISTER", "sip:127.0.0.1:5060"));
  }

  @Test
  void sessionHa1CoversNonceAndCnonce() {
    String ha1 = Ha1.compute(DigestAlgorithm.MD5, "Mufasa", REALM_7616, "Circle of Life");
    assertEquals(DigestAlgorithm.MD5.hash(ha1 + ":N:C"), Ha1.session(DigestAlgorithm.MD5, ha1, "N", "C"));
  }

  @Test
  void sha512_256Ha1() {
    assertEquals("fb174f5c3c7802721517cae13b98e2b8dae2e0118cb705d94ee29946319204ce",
        Ha1.compute(DigestAlgorithm.SHA_512_256, "Mufasa", REALM_7616, "Circle of Life"));
  }

  @Test
  void matchesComparesHexIgnoringTheCaseOfTheReceivedValue() {
    String expected = "8ca523f5e9506fed4657c9700eebdbec";
    assertTrue(DigestResponse.matches(expected, expected));
    assertTrue(DigestResponse.matches(expected, expected.toUpperCase()));
    assertFalse(DigestResponse.matches(expected, "8ca523f5e9506fed4657c9700eebdbed"));
    assertFalse(DigestResponse.matches(expected, "9ca523f5e9506fed4657c9700eebdbec"));
    assertFalse(DigestResponse.matches(expected, expected.substring(1)));
    assertFalse(DigestResponse.matches(expected, expected + "0"));
    assertFalse(DigestResponse.matches(expected, null));
    assertFalse(DigestResponse.matches(expected, ""));
    // Case folding must not map other characters onto hex digits.
    assertFalse(DigestResponse.matches("0" + expected.substring(1), "\u0010" + expected.substring(1)));
    assertFalse(DigestResponse.matches("a" + expected.substring(1), "G" + expected.substring(1)));
    assertFalse(DigestResponse.matches("a" + expected.substring(1), "@" + expected.substring(1)));
  }
}
