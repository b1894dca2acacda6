package io.parley.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.parley.message.Method;
import io.parley.message.uri.Uri;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.parseResources("reference.conf")).resolve();
  }

  private static List<String> targets(ProxySettings s, String requestUri) {
    List<Target> t = s.staticRoutes().lookup(Uri.parse(requestUri));
    return t == null ? null : t.stream().map(x -> x.uri().toString()).toList();
  }

  @Test
  void theReferenceDefaults() {
    ProxySettings s = ProxySettings.from(with(""));
    assertEquals(ProxySettings.DEFAULT, s);
    assertTrue(s.recordRoute());
    assertEquals(Duration.ofSeconds(180), s.branchTimeout());
    assertEquals(10, s.maxBranches());
    assertTrue(s.staticRoutes().isEmpty());
    assertTrue(s.isRecordRouted(Method.INVITE));
    assertTrue(s.isRecordRouted(Method.SUBSCRIBE));
    assertFalse(s.isRecordRouted(Method.MESSAGE));
    assertFalse(s.isRecordRouted(Method.REGISTER));
  }

  @Test
  void readsEveryKey() {
    ProxySettings s = ProxySettings.from(with("""
        parley.proxy { record-route = false, branch-timeout = 2m, max-branches = 3 }
        parley.routing.static = [
          { match = "sip:bob@example.com", target = "sip:127.0.0.1:5090" },
          { match = "sip:pstn.example.net", targets = ["sip:gw1.example.net", "sip:gw2.example.net;transport=tcp"] }
        ]
        """));
    assertFalse(s.recordRoute());
    assertFalse(s.isRecordRouted(Method.INVITE));
    assertEquals(Duration.ofMinutes(2), s.branchTimeout());
    assertEquals(3, s.maxBranches());
    assertEquals(2, s.staticRoutes().size());
    assertEquals(List.of("sip:127.0.0.1:5090"), targets(s, "sip:bob@example.com"));
    assertEquals(List.of("sip:127.0.0.1:5090"), targets(s, "sips:bob@EXAMPLE.COM:5061;user=phone"),
        "the host compares case-insensitively, port and parameters do not count");
    assertEquals(List.of("sip:127.0.0.1:5090"), targets(s, "sip:%62ob@example.com"), "escapes resolved");
    assertNull(targets(s, "sip:Bob@example.com"), "the user part is case-sensitive (RFC 3261 §19.1.4)");
    assertNull(targets(s, "sip:alice@example.com"));
    assertEquals(List.of("sip:gw1.example.net", "sip:gw2.example.net;transport=tcp"),
        targets(s, "sip:+15551234@pstn.example.net"), "a match without a user takes the whole host");
    assertNull(targets(s, "tel:+15551234"));
  }

  @Test
  void badValuesNameTheirKey() {
    assertKey("parley.proxy.branch-timeout", "parley.proxy.branch-timeout = 0s");
    assertKey("parley.proxy.branch-timeout", "parley.proxy.branch-timeout = 2h");
    assertKey("parley.proxy.max-branches", "parley.proxy.max-branches = 0");
    assertKey("parley.proxy.max-branches", "parley.proxy.max-branches = 101");
    assertKey("parley.routing.static[0].match", "parley.routing.static = [{ match = \"tel:+1\", target = \"sip:a\" }]");
    assertKey("parley.routing.static[0].match", "parley.routing.static = [{ target = \"sip:a\" }]");
    assertKey("parley.routing.static[1]", "parley.routing.static = [{ match = \"sip:a@b\", target = \"sip:c\" }, "
        + "{ match = \"sip:x@b\" }]");
    assertKey("parley.routing.static[0]", "parley.routing.static = [{ match = \"sip:a@b\", target = \"sip:c\", "
        + "targets = [\"sip:d\"] }]");
    assertKey("parley.routing.static[0].targets", "parley.routing.static = [{ match = \"sip:a@b\", targets = [] }]");
    assertKey("parley.routing.static[0].target", "parley.routing.static = [{ match = \"sip:a@b\", target = \"<sip:c>\" }]");
  }

  private static void assertKey(String key, String hocon) {
    ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class, () -> ProxySettings.from(with(hocon)));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  @Test
  void theRecordRangesAreChecked() {
    assertThrows(IllegalArgumentException.class,
        () -> new ProxySettings(true, StaticRoutes.NONE, Duration.ofMillis(10), 10));
    assertThrows(IllegalArgumentException.class,
        () -> new ProxySettings(true, StaticRoutes.NONE, Duration.ofSeconds(10), 0));
  }
}
