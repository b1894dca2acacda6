package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {

  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.parseResources("reference.conf")).resolve();
  }

  @Test
  void theReferenceDefaults() {
    AuthSettings s = AuthSettings.from(with(""));
    assertEquals(Duration.ofSeconds(300), s.nonceLifetime());
    assertEquals(Duration.ofSeconds(5), s.clockSkew());
    assertEquals(1_000_000, s.nonceCountEntries());
    // baresip 1.0 refuses a 401 that holds any challenge other than MD5 (BaresipTest)
    assertEquals(List.of(DigestAlgorithm.MD5), s.algorithms());
    assertEquals(DigestUriCheck.REQUEST_OR_SERVER, s.digestUriCheck());
    assertEquals(AuthSettings.DEFAULT.algorithms(), s.algorithms());
    assertEquals(AuthSettings.DEFAULT.digestUriCheck(), s.digestUriCheck());
    assertEquals(System.getenv("PARLEY_AUTH_SECRET") != null, s.hasSharedSecret());
  }

  @Test
  void readsEveryKey() {
    AuthSettings s = AuthSettings.from(with("parley.auth { secret = \"0123456789abcdefXYZ\", nonce-lifetime = 60s, "
        + "clock-skew = 2s, nonce-count-entries = 5000, algorithms = [\"SHA-512-256\", \"md5\"], "
        + "check-digest-uri = request }"));
    assertTrue(s.hasSharedSecret());
    assertEquals("0123456789abcdefXYZ", s.secret());
    assertEquals(Duration.ofSeconds(60), s.nonceLifetime());
    assertEquals(Duration.ofSeconds(2), s.clockSkew());
    assertEquals(5_000, s.nonceCountEntries());
    assertEquals(List.of(DigestAlgorithm.SHA_512_256, DigestAlgorithm.MD5), s.algorithms());
    assertEquals(DigestUriCheck.REQUEST, s.digestUriCheck());
  }

  @Test
  void everyDigestUriCheckIsReadByItsName() {
    for (DigestUriCheck c : DigestUriCheck.values()) {
      assertEquals(c, AuthSettings.from(with("parley.auth.check-digest-uri = " + c.configValue())).digestUriCheck());
    }
    assertEquals(DigestUriCheck.OFF, AuthSettings.from(with("parley.auth.check-digest-uri = OFF")).digestUriCheck());
  }

  @Test
  void anUnknownDigestUriCheckIsRefusedNamingTheKey() {
    ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
        () -> AuthSettings.from(with("parley.auth.check-digest-uri = strict")));
    assertTrue(e.getMessage().contains("parley.auth.check-digest-uri"), e.getMessage());
    assertTrue(e.getMessage().contains("strict"), e.getMessage());
  }

  @Test
  void aShortSecretIsRefusedWithoutEchoingIt() {
    ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
        () -> AuthSettings.from(with("parley.auth.secret = \"tooShort42\"")));
    assertTrue(e.getMessage().contains("parley.auth.secret"), e.getMessage());
    assertFalse(e.getMessage().contains("tooShort42"), e.getMessage());
  }

  @Test
  void outOfRangeValuesAreRefused() {
    assertThrows(ConfigException.BadValue.class, () -> AuthSettings.from(with("parley.auth.nonce-lifetime = 0s")));
    assertThrows(ConfigException.BadValue.class, () -> AuthSettings.from(with("parley.auth.nonce-lifetime = 2h")));
    assertThrows(ConfigException.BadValue.class, () -> AuthSettings.from(with("parley.auth.clock-skew = 10m")));
    assertThrows(ConfigException.BadValue.class, () -> AuthSettings.from(with("parley.auth.nonce-count-entries = 10")));
    assertThrows(ConfigException.BadValue.class, () -> AuthSettings.from(with("parley.auth.algorithms = []")));
    assertThrows(ConfigException.BadValue.class, () -> AuthSettings.from(with("parley.auth.algorithms = [MD5, MD5]")));
  }

  @Test
  void unknownAndSessAlgorithmsAreRefusedByName() {
    ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
        () -> AuthSettings.from(with("parley.auth.algorithms = [\"SHA-512\"]")));
    assertTrue(e.getMessage().contains("SHA-512"), e.getMessage());
    assertThrows(ConfigException.BadValue.class, () -> AuthSettings.from(with("parley.auth.algorithms = [\"MD5-sess\"]")));
    assertThrows(ConfigException.BadValue.class, () -> AuthSettings.from(with("parley.auth.algorithms = [\"\"]")));
  }

  @Test
  void toStringHidesTheSecret() {
    AuthSettings s = new AuthSettings("0123456789abcdefXYZ", Duration.ofSeconds(300), Duration.ofSeconds(5), 1_000,
        List.of(DigestAlgorithm.MD5));
    assertFalse(s.toString().contains("0123456789abcdefXYZ"));
  }

  @Test
  void aTrackerFollowsTheSettings() {
    TestClock clock = new TestClock();
    NonceCountTracker tracker = NonceCountTracker.create(new AuthSettings("", Duration.ofSeconds(10),
        Duration.ofSeconds(2), 1_000, List.of(DigestAlgorithm.MD5)), clock);
    assertTrue(tracker.accept("n", "alice", 1));
    clock.advance(Duration.ofSeconds(12));
    tracker.sweep();
    assertFalse(tracker.accept("n", "alice", 1), "kept for lifetime + skew");
    clock.advance(Duration.ofSeconds(3));
    tracker.sweep();
    assertTrue(tracker.accept("n", "alice", 1), "forgotten after lifetime + skew + one slice");
  }
}
