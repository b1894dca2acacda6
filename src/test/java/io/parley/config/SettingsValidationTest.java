package io.parley.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.parley.common.ServedDomains;
import org.junit.jupiter.api.Test;

class SettingsValidationTest {

  private static Config withApplication(String hocon) {
    return ConfigLoader.layered(ConfigFactory.parseString(hocon));
  }

  @Test
  void defaultsAreAnH2FileAndTheExampleDomain() {
    Config config = withApplication("");
    StorageSettings storage = StorageSettings.from(config);
    assertEquals(StorageSettings.Dialect.H2, storage.dialect());
    assertEquals("slick.jdbc.H2Profile$", config.getString("pekko-persistence-jdbc.shared-databases.slick.profile"));
    assertEquals(storage.jdbcUrl(), config.getString("pekko-persistence-jdbc.shared-databases.slick.db.url"));
    assertTrue(new ServedDomains(DomainSettings.from(config).domains()).contains("EXAMPLE.com"));
    assertTrue(ClusterSettings.from(config).selfJoin());
  }

  @Test
  void aPostgresUrlSelectsThePostgresProfile() {
    Config config = withApplication("parley.storage.jdbc-url = \"jdbc:postgresql://127.0.0.1:5432/parley\"");
    assertEquals("slick.jdbc.PostgresProfile$", config.getString("pekko-persistence-jdbc.shared-databases.slick.profile"));
    assertEquals("org.postgresql.Driver", config.getString("pekko-persistence-jdbc.shared-databases.slick.db.driver"));
  }

  @Test
  void anUnknownDatabaseNamesTheKey() {
    var e = assertThrows(ConfigException.class, () -> withApplication("parley.storage.jdbc-url = \"jdbc:mysql://x/y\""));
    assertTrue(e.getMessage().contains("parley.storage.jdbc-url"), e.getMessage());
  }

  @Test
  void aBadDomainNamesTheKey() {
    var e = assertThrows(ConfigException.class, () -> DomainSettings.from(withApplication("parley.domains = [\"exa mple.com\"]")));
    assertTrue(e.getMessage().contains("parley.domains"), e.getMessage());
  }

  @Test
  void aWrongTypeNamesTheKey() {
    var e = assertThrows(ConfigException.class, () -> ClusterSettings.from(withApplication("parley.cluster.port = many")));
    assertTrue(e.getMessage().contains("parley.cluster.port"), e.getMessage());
  }

  @Test
  void aSeedNodeMustBeAPekkoAddress() {
    var e = assertThrows(ConfigException.class,
        () -> ClusterSettings.from(withApplication("parley.cluster.seed-nodes = [\"10.0.0.1:25520\"]")));
    assertTrue(e.getMessage().contains("parley.cluster.seed-nodes"), e.getMessage());
    // checked at start: the node joins its seeds only at the end of its start (ClusterEntry)
    var noHost = assertThrows(ConfigException.class,
        () -> ClusterSettings.from(withApplication("parley.cluster.seed-nodes = [\"pekko://parley@:25520\"]")));
    assertTrue(noHost.getMessage().contains("parley.cluster.seed-nodes"), noHost.getMessage());
  }

  @Test
  void bootstrapWithSeedNodesIsRefused() {
    var e = assertThrows(ConfigException.class, () -> ClusterSettings.from(withApplication(
        "parley.cluster.bootstrap = on\nparley.cluster.seed-nodes = [\"pekko://parley@127.0.0.1:25520\"]")));
    assertTrue(e.getMessage().contains("parley.cluster.bootstrap"), e.getMessage());
    assertFalse(ClusterSettings.from(withApplication("parley.cluster.bootstrap = on")).selfJoin(),
        "with bootstrap the node waits for its contact points");
  }
}
