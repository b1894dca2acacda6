package io.parley.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code parley.nat.media-relay} and {@code parley.nat.rtpengine}, and {@code parley.nat} keepalives. */
class MediaRelaySettingsTest {

  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load());
  }

  @Test
  void theDefaultRelaysNothing() {
    MediaRelaySettings s = MediaRelaySettings.from(ConfigFactory.load());
    assertFalse(s.enabled());
    assertEquals(KeepaliveSettings.DEFAULT, KeepaliveSettings.from(ConfigFactory.load()));
  }

  @Test
  void instancesAreReadAsHostAndPort() {
    MediaRelaySettings s = MediaRelaySettings.from(with("""
        parley.nat.media-relay = nat-only
        parley.nat.rtpengine { instances = ["127.0.0.1:22222", "[::1]:22223"], timeout = 300ms, down-for = 5s }
        """));
    assertEquals(MediaRelaySettings.Mode.NAT_ONLY, s.mode());
    assertEquals(List.of(new InetSocketAddress("127.0.0.1", 22222), new InetSocketAddress("::1", 22223)),
        s.rtpengine().instances());
    assertEquals(Duration.ofMillis(300), s.rtpengine().timeout());
  }

  @Test
  void mistakesStopTheStartNamingTheKey() {
    var mode = assertThrows(ConfigException.class, () -> MediaRelaySettings.from(with("parley.nat.media-relay = sometimes")));
    assertTrue(mode.getMessage().contains(MediaRelaySettings.MODE_KEY), mode.getMessage());
    var none = assertThrows(ConfigException.class, () -> MediaRelaySettings.from(with("parley.nat.media-relay = always")));
    assertTrue(none.getMessage().contains(MediaRelaySettings.INSTANCES_KEY), none.getMessage());
    var bad = assertThrows(ConfigException.class, () -> MediaRelaySettings.from(with("""
        parley.nat.media-relay = always
        parley.nat.rtpengine.instances = ["rtpengine-without-port"]
        """)));
    assertTrue(bad.getMessage().contains(MediaRelaySettings.INSTANCES_KEY), bad.getMessage());
    var interval = assertThrows(ConfigException.class,
        () -> KeepaliveSettings.from(with("parley.nat.keepalive-interval = 500ms")));
    assertTrue(interval.getMessage().contains(KeepaliveSettings.INTERVAL_KEY), interval.getMessage());
    var missed = assertThrows(ConfigException.class, () -> KeepaliveSettings.from(with("parley.nat.max-missed = -1")));
    assertTrue(missed.getMessage().contains(KeepaliveSettings.MAX_MISSED_KEY), missed.getMessage());
  }
}
