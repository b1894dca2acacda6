package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengeParamsTest {

  @Test
  void rendersRealmNonceAlgorithmAndQopInOrder() {
    var c = new ChallengeParams("example.com", "abc", null, DigestAlgorithm.MD5, "auth", false);
    assertEquals("Digest realm=\"example.com\", nonce=\"abc\", algorithm=MD5, qop=\"auth\"", c.toHeaderValue());
  }

  @Test
  void staleAndOpaqueAreAddedWhenPresent() {
    var c = new ChallengeParams("example.com", "abc", "xyz", DigestAlgorithm.SHA_256, "auth", true);
    assertEquals("Digest realm=\"example.com\", nonce=\"abc\", opaque=\"xyz\", algorithm=SHA-256, qop=\"auth\", stale=true",
        c.toHeaderValue());
  }

  @Test
  void withoutQopTheChallengeAsksForRfc2069Credentials() {
    var c = new ChallengeParams("127.0.0.1", "abc", null, DigestAlgorithm.SHA_512_256, null, false);
    assertEquals("Digest realm=\"127.0.0.1\", nonce=\"abc\", algorithm=SHA-512-256", c.toHeaderValue());
  }

  @Test
  void quotesAndBackslashesInTheRealmAreEscaped() {
    var c = new ChallengeParams("a \"b\" \\c", "n", null, DigestAlgorithm.MD5, null, false);
    assertEquals("Digest realm=\"a \\\"b\\\" \\\\c\", nonce=\"n\", algorithm=MD5", c.toHeaderValue());
  }

  @Test
  void controlCharactersCannotSplitTheHeader() {
    assertThrows(IllegalArgumentException.class,
        () -> new ChallengeParams("evil\r\nX-Injected: 1", "n", null, DigestAlgorithm.MD5, "auth", false));
    assertThrows(IllegalArgumentException.class,
        () -> new ChallengeParams("r", "n", "o\n", DigestAlgorithm.MD5, "auth", false));
  }

  @Test
  void onlyAuthIsOfferedAsQop() {
    assertThrows(IllegalArgumentException.class,
        () -> new ChallengeParams("r", "n", null, DigestAlgorithm.MD5, "auth-int", false));
  }

  @Test
  void oneChallengePerAlgorithmInTheOrderOfPreference() {
    List<ChallengeParams> list = ChallengeParams.forAlgorithms("example.com", "n1", null,
        List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5), "auth", true);
    assertEquals(2, list.size());
    assertEquals("Digest realm=\"example.com\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\", stale=true",
        list.get(0).toHeaderValue());
    assertEquals("Digest realm=\"example.com\", nonce=\"n1\", algorithm=MD5, qop=\"auth\", stale=true",
        list.get(1).toHeaderValue());
  }
}
