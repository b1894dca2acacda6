package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** parley.management read and checked; the bind rule decided on the configured text alone. */
class ManagementSettingsTest {
  private static final String TOKEN = "0123456789abcdefGHIJ";

  private static ManagementSettings from(String hocon) {
    Config config = ConfigLoader.layered(ConfigFactory.parseString(hocon));
    return ManagementSettings.from(config);
  }

  @Test
  void defaultsAreLoopbackNoTokenAndNoClusterWriteRoutes() {
    ManagementSettings s = from("parley.management.token = \"\"");
    assertTrue(s.token().isEmpty());
    assertFalse(s.tokenForReads());
    assertFalse(s.readOnly());
    assertFalse(s.clusterWriteRoutes());
    assertEquals("127.0.0.1", s.bindHost());
  }

  @Test
  void beyondLoopbackWithoutATokenStopsTheStartNamingBothKeys() {
    for (String host : new String[] {"0.0.0.0", "::", "192.0.2.10", "[2001:db8::1]", "mgmt.example.com", "<hostname>"}) {
      var e = assertThrows(ConfigException.class,
          () -> from("parley.management.token = \"\"\npekko.management.http.hostname = \"" + host + "\""), host);
      assertTrue(e.getMessage().contains("parley.management.token"), e.getMessage());
      assertTrue(e.getMessage().contains("pekko.management.http.hostname"), e.getMessage());
    }
  }

  @Test
  void theBindHostnameIsWhatCounts() {
    var e = assertThrows(ConfigException.class, () -> from("""
        parley.management.token = ""
        pekko.management.http.hostname = "127.0.0.1"
        pekko.management.http.bind-hostname = "0.0.0.0"
        """));
    assertTrue(e.getMessage().contains("pekko.management.http.bind-hostname"), e.getMessage());
    ManagementSettings s = from("""
        parley.management.token = ""
        pekko.management.http.hostname = "mgmt.example.com"
        pekko.management.http.bind-hostname = "127.0.0.1"
        """);
    assertEquals("127.0.0.1", s.bindHost());
  }

  @Test
  void beyondLoopbackWithATokenStarts() {
    ManagementSettings s = from("parley.management.token = \"" + TOKEN + "\"\npekko.management.http.hostname = \"0.0.0.0\"");
    assertTrue(s.token().isPresent());
    assertFalse(s.toString().contains(TOKEN), "the token must not show in a log line");
  }

  @Test
  void loopbackIsTheLoopbackRangeIpv6LoopbackAndLocalhost() {
    for (String h : new String[] {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"}) {
      assertTrue(ManagementSettings.isLoopback(h), h);
    }
    for (String h : new String[] {"0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "localhost.example.com", "", "127.0.0.1.nip.io"}) {
      assertFalse(ManagementSettings.isLoopback(h), h);
    }
  }

  @Test
  void aShortOrOddTokenIsRefusedWithoutShowingIt() {
    var shortOne = assertThrows(ConfigException.class, () -> from("parley.management.token = \"secret\""));
    assertTrue(shortOne.getMessage().contains("parley.management.token"), shortOne.getMessage());
    assertFalse(shortOne.getMessage().contains("secret\""), shortOne.getMessage());
    var spaces = assertThrows(ConfigException.class, () -> from("parley.management.token = \"a token with spaces!\""));
    assertTrue(spaces.getMessage().contains("parley.management.token"), spaces.getMessage());
    assertFalse(spaces.getMessage().contains("spaces!"), spaces.getMessage());
  }

  @Test
  void tokenForReadsNeedsAToken() {
    var e = assertThrows(ConfigException.class,
        () -> from("parley.management.token = \"\"\nparley.management.token-for-reads = true"));
    assertTrue(e.getMessage().contains("parley.management.token-for-reads"), e.getMessage());
  }

  @Test
  void theTokenAcceptsOnlyItselfAsABearerCredential() {
    ManagementToken t = ManagementToken.of(TOKEN);
    assertTrue(t.accepts(Optional.of("Bearer " + TOKEN)));
    assertTrue(t.accepts(Optional.of("bearer  " + TOKEN + " ")));
    assertFalse(t.accepts(Optional.empty()));
    assertFalse(t.accepts(Optional.of(TOKEN)));
    assertFalse(t.accepts(Optional.of("Basic " + TOKEN)));
    assertFalse(t.accepts(Optional.of("Bearer " + TOKEN + "x")));
    assertFalse(t.accepts(Optional.of("Bearer " + TOKEN.substring(1))));
    assertFalse(t.accepts(Optional.of("Bearer")));
    assertFalse(ManagementToken.of("").accepts(Optional.of("Bearer ")), "an empty token is never offered");
  }
}
