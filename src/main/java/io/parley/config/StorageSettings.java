package io.parley.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.Map;

/**
 * {@code parley.storage}: the database behind the journal, the snapshots and Parley's own
 * tables. H2 in a file is the single-node default; a cluster shares PostgreSQL.
 */
public record StorageSettings(String jdbcUrl, String user, String password, int maxConnections, Dialect dialect) {

  /** The databases Parley ships schema scripts for. */
  public enum Dialect {
    H2("org.h2.Driver", "slick.jdbc.H2Profile$", "h2"),
    POSTGRESQL("org.postgresql.Driver", "slick.jdbc.PostgresProfile$", "postgresql");

    final String driver;
    final String slickProfile;
    /** The folder of this dialect's migrations under {@code db/migration}. */
    public final String migrationFolder;

    Dialect(String driver, String slickProfile, String migrationFolder) {
      this.driver = driver;
      this.slickProfile = slickProfile;
      this.migrationFolder = migrationFolder;
    }
  }

  public static StorageSettings from(Config config) {
    String key = "parley.storage.jdbc-url";
    String url = config.getString(key);
    Dialect dialect;
    if (url.startsWith("jdbc:h2:")) {
      dialect = Dialect.H2;
    } else if (url.startsWith("jdbc:postgresql:")) {
      dialect = Dialect.POSTGRESQL;
    } else {
      throw new ConfigException.BadValue(key, "'" + url + "' is neither a jdbc:h2: nor a jdbc:postgresql: URL");
    }
    int max = config.getInt("parley.storage.max-connections");
    if (max < 1 || max > 200) {
      throw new ConfigException.BadValue("parley.storage.max-connections", "must be between 1 and 200, was " + max);
    }
    return new StorageSettings(url, config.getString("parley.storage.user"), config.getString("parley.storage.password"), max, dialect);
  }

  /** The keys that point pekko-persistence-jdbc's shared Slick database at this one. */
  public Map<String, Object> slickOverrides() {
    return Map.of(
        "pekko-persistence-jdbc.shared-databases.slick.profile", dialect.slickProfile,
        "pekko-persistence-jdbc.shared-databases.slick.db.driver", dialect.driver);
  }
}
