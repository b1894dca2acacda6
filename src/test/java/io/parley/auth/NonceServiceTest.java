package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NonceServiceTest {
  private static final byte[] SECRET = "a-cluster-wide-secret-of-length".getBytes(StandardCharsets.UTF_8);
  private static final Duration LIFETIME = Duration.ofSeconds(300);
  private static final Duration SKEW = Duration.ofSeconds(5);

  private final TestClock clock = new TestClock();
  private final NonceService service = new NonceService(SECRET, LIFETIME, SKEW, clock);

  @Test
  void aFreshNonceIsValidForItsRealm() {
    String nonce = service.issue("example.com");
    assertEquals(NonceStatus.VALID, service.verify(nonce, "example.com"));
  }

  @Test
  void noncesHaveAFixedLengthOfUrlSafeCharactersAndNeverRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String nonce = service.issue("example.com");
      assertEquals(NonceService.LENGTH, nonce.length());
      assertTrue(nonce.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_'), nonce);
      assertTrue(seen.add(nonce), "repeated nonce " + nonce);
    }
  }

  @Test
  void aNonceOfAnotherRealmIsInvalid() {
    String nonce = service.issue("example.com");
    assertEquals(NonceStatus.INVALID, service.verify(nonce, "example.org"));
    assertEquals(NonceStatus.INVALID, service.verify(nonce, "EXAMPLE.COM"));
  }

  @Test
  void everySingleCharacterChangeMakesTheNonceInvalid() {
    String nonce = service.issue("example.com");
    for (int i = 0; i < nonce.length(); i++) {
      char replacement = nonce.charAt(i) == 'A' ? 'B' : 'A';
      String tampered = nonce.substring(0, i) + replacement + nonce.substring(i + 1);
      assertEquals(NonceStatus.INVALID, service.verify(tampered, "example.com"), "position " + i);
    }
  }

  @Test
  void aMovedTimestampIsDetected() {
    // Re-encode the nonce with its issue time pushed forward: the MAC no longer matches.
    byte[] raw = java.util.Base64.getUrlDecoder().decode(service.issue("example.com"));
    raw[8] += 1;
    String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    assertEquals(NonceStatus.INVALID, service.verify(forged, "example.com"));
  }

  @Test
  void malformedNoncesAreInvalid() {
    String nonce = service.issue("example.com");
    assertEquals(NonceStatus.INVALID, service.verify(null, "example.com"));
    assertEquals(NonceStatus.INVALID, service.verify("", "example.com"));
    assertEquals(NonceStatus.INVALID, service.verify(nonce.substring(1), "example.com"));
    assertEquals(NonceStatus.INVALID, service.verify(nonce + "A", "example.com"));
    assertEquals(NonceStatus.INVALID, service.verify("!".repeat(NonceService.LENGTH), "example.com"));
    assertEquals(NonceStatus.INVALID, service.verify("\u00e9".repeat(NonceService.LENGTH), "example.com"));
    assertEquals(NonceStatus.INVALID, service.verify(nonce.substring(0, 40) + "====", "example.com"));
    assertEquals(NonceStatus.INVALID, service.verify(nonce, null));
  }

  @Test
  void anAuthenticNonceOlderThanItsLifetimeIsStale() {
    String nonce = service.issue("example.com");
    clock.advance(LIFETIME);
    assertEquals(NonceStatus.VALID, service.verify(nonce, "example.com"));
    clock.advance(Duration.ofMillis(1));
    assertEquals(NonceStatus.STALE, service.verify(nonce, "example.com"));
    clock.advance(Duration.ofDays(30));
    assertEquals(NonceStatus.STALE, service.verify(nonce, "example.com"));
  }

  @Test
  void aNonceFromTheFutureIsAcceptedOnlyWithinTheSkew() {
    TestClock ahead = new TestClock(clock.instant().plus(SKEW));
    NonceService fastNode = new NonceService(SECRET, LIFETIME, SKEW, ahead);
    assertEquals(NonceStatus.VALID, service.verify(fastNode.issue("example.com"), "example.com"));
    ahead.advance(Duration.ofMillis(1));
    assertEquals(NonceStatus.INVALID, service.verify(fastNode.issue("example.com"), "example.com"));
  }

  @Test
  void nodesSharingTheSecretVerifyEachOthersNoncesAndOthersDoNot() {
    NonceService otherNode = new NonceService(SECRET.clone(), LIFETIME, SKEW, clock);
    NonceService stranger = new NonceService("another-secret-entirely".getBytes(StandardCharsets.UTF_8), LIFETIME, SKEW, clock);
    String nonce = service.issue("example.com");
    assertEquals(NonceStatus.VALID, otherNode.verify(nonce, "example.com"));
    assertEquals(NonceStatus.INVALID, stranger.verify(nonce, "example.com"));
  }

  @Test
  void verifiesFromManyThreads() throws Exception {
    String nonce = service.issue("example.com");
    Thread[] threads = new Thread[4];
    boolean[] ok = new boolean[threads.length];
    for (int t = 0; t < threads.length; t++) {
      int id = t;
      threads[t] = new Thread(() -> {
        boolean all = true;
        for (int i = 0; i < 2_000; i++) {
          all &= service.verify(nonce, "example.com") == NonceStatus.VALID;
          all &= service.verify(service.issue("r" + id), "r" + id) == NonceStatus.VALID;
        }
        ok[id] = all;
      });
      threads[t].start();
    }
    for (int t = 0; t < threads.length; t++) {
      threads[t].join();
      assertTrue(ok[t], "thread " + t);
    }
  }

  @Test
  void withoutAConfiguredSecretEachProcessDrawsItsOwn() {
    NonceService a = NonceService.create(AuthSettings.DEFAULT, clock);
    NonceService b = NonceService.create(AuthSettings.DEFAULT, clock);
    String nonce = a.issue("example.com");
    assertEquals(NonceStatus.VALID, a.verify(nonce, "example.com"));
    assertEquals(NonceStatus.INVALID, b.verify(nonce, "example.com"));
  }

  @Test
  void aConfiguredSecretIsShared() {
    AuthSettings settings = new AuthSettings("0123456789abcdef", LIFETIME, SKEW, 1_000, AuthSettings.DEFAULT.algorithms());
    NonceService a = NonceService.create(settings, clock);
    NonceService b = NonceService.create(settings, clock);
    assertEquals(NonceStatus.VALID, b.verify(a.issue("example.com"), "example.com"));
    assertNotEquals(a.issue("example.com"), a.issue("example.com"));
  }

  @Test
  void aShortSecretIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new NonceService(new byte[15], LIFETIME, SKEW, clock));
  }
}
