package io.parley.location;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/** The benchmarks' journal: pekko-persistence-jdbc on an H2 file in a new temporary folder, with Parley's schema. */
final class BenchJournal {

  private BenchJournal() {}

  /** Journal and snapshot store on a fresh H2 file, their actors on the actor dispatcher as in {@code parley-runtime.conf}. */
  static Config h2(String folderPrefix) throws IOException {
    Path dir = Files.createTempDirectory(folderPrefix);
    String url = "jdbc:h2:file:" + dir.resolve("journal") + ";DB_CLOSE_ON_EXIT=FALSE";
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration/h2").load().migrate();
    return ConfigFactory.parseString("""
        pekko.persistence.journal.plugin = "jdbc-journal"
        pekko.persistence.snapshot-store.plugin = "jdbc-snapshot-store"
        jdbc-journal.use-shared-db = "slick"
        jdbc-snapshot-store.use-shared-db = "slick"
        jdbc-read-journal.use-shared-db = "slick"
        jdbc-durable-state-store.use-shared-db = "slick"
        jdbc-journal.plugin-dispatcher = "pekko.actor.default-dispatcher"
        jdbc-snapshot-store.plugin-dispatcher = "pekko.actor.default-dispatcher"
        pekko-persistence-jdbc.shared-databases.slick {
          profile = "slick.jdbc.H2Profile$"
          db { url = "%s", driver = "org.h2.Driver", user = "sa", password = "",
               numThreads = 4, maxConnections = 4, minConnections = 1 }
        }
        """.formatted(url));
  }
}
