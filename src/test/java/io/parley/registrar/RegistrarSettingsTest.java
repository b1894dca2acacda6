package io.parley.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class RegistrarSettingsTest {
  @Test
  void defaultsFromReferenceConf() {
    assertEquals(RegistrarSettings.DEFAULT, RegistrarSettings.from(ConfigFactory.load()));
  }

  @Test
  void badValuesNameTheirKey() {
    ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class, () -> RegistrarSettings.from(
        ConfigFactory.parseString("parley.registrar.min-expires = 0").withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("parley.registrar.min-expires"), e.getMessage());
    e = assertThrows(ConfigException.BadValue.class, () -> new RegistrarSettings(60, 30, 45, true));
    assertTrue(e.getMessage().contains("parley.registrar.max-expires"), e.getMessage());
    e = assertThrows(ConfigException.BadValue.class, () -> new RegistrarSettings(60, 7200, 9000, false));
    assertTrue(e.getMessage().contains("parley.registrar.default-expires"), e.getMessage());
  }
}
