package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureSettingsTest {

  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.parseResources("reference.conf")).resolve();
  }

  @Test
  void referenceConfHasTheDocumentedDefaults() {
    assertEquals(FailureSettings.DEFAULT, FailureSettings.from(with("")));
    assertEquals(FailureSettings.DEFAULT, AuthSettings.from(with("")).failures());
  }

  @Test
  void valuesAreRead() {
    FailureSettings s = FailureSettings.from(with("""
        parley.auth.failures { max-per-source = 0, ban-time = 5m, ban-time-max = 2h, max-per-user = 0,
          delay-base = 250ms, delay-max = 10s, log-interval = 0s }
        """));
    assertEquals(0, s.maxPerSource());
    assertEquals(Duration.ofMinutes(5), s.banTime());
    assertEquals(Duration.ofHours(2), s.banTimeMax());
    assertEquals(Duration.ofMillis(250), s.delayBase());
    assertEquals(Duration.ZERO, s.logInterval());
  }

  @Test
  void aBadValueNamesItsKey() {
    String[][] cases = {
        {"window = 0s", "parley.auth.failures.window"},
        {"max-per-source = -1", "parley.auth.failures.max-per-source"},
        {"ban-time = 0s", "parley.auth.failures.ban-time"},
        {"ban-time-max = 30s", "parley.auth.failures.ban-time-max"},
        {"max-per-user = -1", "parley.auth.failures.max-per-user"},
        {"delay-base = 0s", "parley.auth.failures.delay-base"},
        {"delay-max = 10m", "parley.auth.failures.delay-max"},
        {"max-pending-delayed = 0", "parley.auth.failures.max-pending-delayed"},
        {"tracked-sources = 10", "parley.auth.failures.tracked-sources"},
        {"tracked-users = 10", "parley.auth.failures.tracked-users"},
        {"log-interval = 2h", "parley.auth.failures.log-interval"},
        {"ban-time = soon", "parley.auth.failures.ban-time"},
    };
    for (String[] c : cases) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> AuthSettings.from(with("parley.auth.failures." + c[0])), c[0]);
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
    }
  }
}
