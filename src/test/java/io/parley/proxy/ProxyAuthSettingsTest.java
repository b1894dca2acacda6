package io.parley.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class ProxyAuthSettingsTest {

  @Test
  void theDefaultsAuthenticateAndDenyRelaying() {
    assertEquals(ProxyAuthSettings.DEFAULT, ProxyAuthSettings.from(ConfigFactory.load()));
  }

  @Test
  void bothSwitchesAreRead() {
    assertEquals(new ProxyAuthSettings(false, true), ProxyAuthSettings.from(ConfigFactory.parseString("""
        parley.proxy.authenticate = false
        parley.proxy.allow-relay = true
        """).withFallback(ConfigFactory.load())));
  }

  @Test
  void aValueThatIsNoBooleanNamesItsKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> ProxyAuthSettings.from(
        ConfigFactory.parseString("parley.proxy.allow-relay = sometimes").withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("parley.proxy.allow-relay"), e.getMessage());
  }
}
