package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class FloodSettingsTest {

  @Test
  void theDefaultsAreReferenceConfs() {
    assertEquals(FloodSettings.DEFAULT, FloodSettings.from(ConfigLoader.layered(ConfigFactory.empty())));
    assertEquals(0, TrustedPeerSettings.from(ConfigLoader.layered(ConfigFactory.empty())).peers().size());
  }

  @Test
  void aBadValueNamesItsKey() {
    String[][] cases = {
        {"parley.flood.window = 10ms", "parley.flood.window"},
        {"parley.flood.max-requests = 0", "parley.flood.max-requests"},
        {"parley.flood.ban-time = 0s", "parley.flood.ban-time"},
        {"parley.flood.max-tracked = 5", "parley.flood.max-tracked"},
        {"parley.flood.enabled = maybe", "parley.flood.enabled"},
        {"parley.flood.ban-time = forever", "parley.flood.ban-time"},
    };
    for (String[] c : cases) {
      var e = assertThrows(ConfigException.class,
          () -> FloodSettings.from(ConfigLoader.layered(ConfigFactory.parseString(c[0]))), c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + " → " + e.getMessage());
    }
  }
}
