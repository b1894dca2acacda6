package io.parley.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class SipListenSettingsTest {

  private static Config with(String hocon) {
    return ConfigLoader.layered(ConfigFactory.parseString(hocon));
  }

  @Test
  void theDefaultsListenOnUdpAndTcp5060() {
    SipListenSettings s = SipListenSettings.from(with(""));
    assertEquals(2, s.listen().size());
    assertEquals(Transport.UDP, s.listen().get(0).transport());
    assertEquals(5060, s.listen().get(1).port());
    assertEquals(65_535, s.transport().maxMessageSize());
  }

  @Test
  void aMalformedListenPointNamesTheKeyAndTheValue() {
    var e = assertThrows(ConfigException.class,
        () -> SipListenSettings.from(with("parley.sip.listen = [\"udp:127.0.0.1:99999\"]")));
    assertTrue(e.getMessage().contains("parley.sip.listen"), e.getMessage());
    assertTrue(e.getMessage().contains("99999"), e.getMessage());
  }

  @Test
  void anUnsupportedTransportIsRefused() {
    var e = assertThrows(ConfigException.class,
        () -> SipListenSettings.from(with("parley.sip.listen = [\"sctp:127.0.0.1:5060\"]")));
    assertTrue(e.getMessage().contains("parley.sip.listen"), e.getMessage());
  }

  @Test
  void aTinyMessageSizeNamesItsKey() {
    var e = assertThrows(ConfigException.class,
        () -> SipListenSettings.from(with("parley.sip.max-message-size = 100")));
    assertTrue(e.getMessage().contains("parley.sip.max-message-size"), e.getMessage());
  }

  @Test
  void aNegativeIdleTimeoutNamesItsKey() {
    var e = assertThrows(ConfigException.class,
        () -> SipListenSettings.from(with("parley.sip.tcp-idle-timeout = -1s")));
    assertTrue(e.getMessage().contains("parley.sip.tcp-idle-timeout"), e.getMessage());
  }

  @Test
  void theSlowSenderLimitsHaveTheirDefaults() {
    TransportSettings s = SipListenSettings.from(with("")).transport();
    assertEquals(32, s.tcpMessageTimeout().toSeconds());
    assertEquals(64, s.tcpMaxConnectionsPerSource());
    assertEquals(2048, s.tcpMaxConnections());
  }

  @Test
  void aMessageTimeoutOutOfRangeNamesItsKey() {
    for (String value : new String[] {"32", "0s", "-1s", "11min"}) {
      var e = assertThrows(ConfigException.class,
          () -> SipListenSettings.from(with("parley.sip.tcp-message-timeout = " + value)));
      assertTrue(e.getMessage().contains("parley.sip.tcp-message-timeout"), e.getMessage());
    }
    assertEquals(2, SipListenSettings.from(with("parley.sip.tcp-message-timeout = 2s"))
        .transport().tcpMessageTimeout().toSeconds());
  }

  @Test
  void aPerSourceCapBelowOneNamesItsKey() {
    var e = assertThrows(ConfigException.class,
        () -> SipListenSettings.from(with("parley.sip.tcp-max-connections-per-source = 0")));
    assertTrue(e.getMessage().contains("parley.sip.tcp-max-connections-per-source"),
        e.getMessage());
  }

  @Test
  void theSipThreadsAreOneByDefaultAndOutOfRangeNameTheirKey() {
    assertEquals(1, SipListenSettings.from(with("")).threads());
    assertEquals(4, SipListenSettings.from(with("parley.sip.threads = 4")).threads());
    for (String value : new String[] {"0", "-1", "65"}) {
      var e = assertThrows(ConfigException.class,
          () -> SipListenSettings.from(with("parley.sip.threads = " + value)));
      assertTrue(e.getMessage().contains("parley.sip.threads"), e.getMessage());
    }
  }
}
