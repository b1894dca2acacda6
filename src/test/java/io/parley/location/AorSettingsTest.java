package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AorSettingsTest {

  @Test
  void referenceConfHoldsTheDefaults() {
    assertEquals(AorSettings.DEFAULT, AorSettings.from(ConfigFactory.defaultReference()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "max-contacts = 0 | max-contacts",
      "max-contacts = 1001 | max-contacts",
      "lease-factor = 0.5 | lease-factor",
      "lease-factor = 11 | lease-factor",
      "max-lease-slack = 25h | max-lease-slack",
      "snapshot-every = 0 | snapshot-every",
      "wake-rate = 0 | wake-rate",
      "wake-settle = 11m | wake-settle",
  })
  void aBadValueNamesItsKey(String setting, String key) {
    var config = ConfigFactory.parseString("parley.registrar." + setting).withFallback(ConfigFactory.defaultReference());
    ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class, () -> AorSettings.from(config));
    assertTrue(e.getMessage().contains("parley.registrar." + key), e.getMessage());
  }

  @Test
  void theLeaseIsTheGrantedTimeTimesTheFactorCappedBySlack() {
    AorSettings s = new AorSettings(10, 2.0, Duration.ofHours(1), 100, 500, Duration.ofSeconds(10), Duration.ZERO);
    assertEquals(1_000 + 2 * 600_000, s.leaseUntil(1_000, 600));
    // 2 h granted: the lease may exceed it by 1 h only
    assertEquals(1_000 + 3 * 3_600_000, s.leaseUntil(1_000, 7200));
    AorSettings everyRefresh = new AorSettings(10, 1.0, Duration.ofHours(1), 100, 500, Duration.ofSeconds(10), Duration.ZERO);
    assertEquals(1_000 + 600_000, everyRefresh.leaseUntil(1_000, 600));
  }
}
