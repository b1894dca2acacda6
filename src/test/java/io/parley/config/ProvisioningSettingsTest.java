package io.parley.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProvisioningSettingsTest {

  @Test
  void theDefaultIsThirtySeconds() {
    assertEquals(Duration.ofSeconds(30), ProvisioningSettings.from(ConfigLoader.layered(ConfigFactory.empty()))
        .refreshInterval());
  }

  @Test
  void aBadIntervalNamesItsKey() {
    for (String bad : new String[] {"0s", "500ms", "2d", "soon"}) {
      ConfigException e = assertThrows(ConfigException.class, () -> ProvisioningSettings.from(ConfigLoader.layered(
          ConfigFactory.parseString("parley.provisioning.refresh-interval = " + bad))));
      assertTrue(e.getMessage().contains("parley.provisioning.refresh-interval"), e.getMessage());
    }
  }
}
