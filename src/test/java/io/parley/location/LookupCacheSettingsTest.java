package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LookupCacheSettingsTest {

  @Test
  void theReferenceConfigurationGivesTheDefaults() {
    assertEquals(LookupCacheSettings.DEFAULT, LookupCacheSettings.from(ConfigFactory.load()));
    assertTrue(LookupCacheSettings.DEFAULT.enabled());
  }

  @Test
  void zeroTurnsItOff() {
    var off = LookupCacheSettings.from(ConfigFactory.parseString("parley.registrar.lookup-cache.ttl = 0s")
        .withFallback(ConfigFactory.load()));
    assertEquals(Duration.ZERO, off.ttl());
    assertFalse(off.enabled());
    assertFalse(new LookupCacheSettings(Duration.ofMinutes(1), 0).enabled());
  }

  @Test
  void aValueOutOfRangeNamesItsKey() {
    var ttl = assertThrows(ConfigException.BadValue.class, () -> LookupCacheSettings.from(
        ConfigFactory.parseString("parley.registrar.lookup-cache.ttl = 25h").withFallback(ConfigFactory.load())));
    assertTrue(ttl.getMessage().contains("parley.registrar.lookup-cache.ttl"), ttl.getMessage());
    var max = assertThrows(ConfigException.BadValue.class, () -> LookupCacheSettings.from(
        ConfigFactory.parseString("parley.registrar.lookup-cache.max-entries = -1").withFallback(ConfigFactory.load())));
    assertTrue(max.getMessage().contains("parley.registrar.lookup-cache.max-entries"), max.getMessage());
  }
}
