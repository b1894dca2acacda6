package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class WarmUpSettingsTest {

  private static WarmUpSettings read(String hocon) {
    return WarmUpSettings.from(ConfigFactory.parseString(hocon)
        .withFallback(ConfigFactory.parseResources("reference.conf")).resolve());
  }

  @Test
  void theShippedDefaultWarmsUpForTenSecondsWithFourPhones() throws Exception {
    // the main reference.conf, not the tests' own (read first, it turns the warm-up off)
    Config shipped = null;
    for (URL url : Collections.list(getClass().getClassLoader().getResources("reference.conf"))) {
      Config c = ConfigFactory.parseURL(url);
      if (c.hasPath("parley.warm-up.phones")) {
        shipped = c;
      }
    }
    assertNotNull(shipped, "no reference.conf with parley.warm-up");
    WarmUpSettings settings = WarmUpSettings.from(shipped);
    assertEquals(new WarmUpSettings(Duration.ofSeconds(20), 4), settings);
    assertTrue(settings.enabled());
    assertFalse(read("parley.warm-up.duration = 0s").enabled(), "0 is off");
  }

  @Test
  void aValueOutOfRangeNamesItsKey() {
    for (String bad : new String[] {"parley.warm-up.duration = 500ms", "parley.warm-up.duration = 6m"}) {
      var e = assertThrows(ConfigException.BadValue.class, () -> read(bad + "\nparley.warm-up.phones = 4"));
      assertTrue(e.getMessage().contains("parley.warm-up.duration"), e.getMessage());
    }
    for (String bad : new String[] {"0", "65"}) {
      var e = assertThrows(ConfigException.BadValue.class,
          () -> read("parley.warm-up.duration = 10s\nparley.warm-up.phones = " + bad));
      assertTrue(e.getMessage().contains("parley.warm-up.phones"), e.getMessage());
    }
  }
}
