package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.TestDialogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A normal shutdown writes what is pending: records queued with a batch interval far longer
 * than the node lives are in the database once it has stopped.
 */
class CallRecordsShutdownTest {

  @Test
  void stoppingANodeWritesItsPendingCdrsAndDialogs() throws Exception {
    Path dir = Files.createTempDirectory("parley-shutdown");
    try {
      String url = "jdbc:h2:file:" + dir.toAbsolutePath().toString().replace('\\', '/') + "/parley";
      Node node = Node.start(ConfigLoader.layered(ConfigFactory.parseString("""
          parley.sip.listen = ["udp:127.0.0.1:0"]
          parley.cluster.port = 0
          pekko.management.http.port = 0
          pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
          parley.storage.jdbc-url = "%s"
          parley.accounting.batch-interval = 1m
          parley.dialog.store.batch-interval = 1m
          """.formatted(url))));
      long t0 = Instant.parse("2026-12-06T08:00:00Z").toEpochMilli();
      for (int i = 0; i < 10; i++) {
        DialogInfo d = TestDialogs.confirmed("shut-" + i + "@127.0.0.1", "alice@example.com", t0 + i);
        node.dialogEvents().confirmed(d);
        if (i % 2 == 0) {
          node.dialogEvents().ended(TestDialogs.hungUp(d, i));
        }
      }
      node.close();

      try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
        assertEquals(5, count(s, "SELECT COUNT(*) FROM cdr"));
        assertEquals(5, count(s, "SELECT COUNT(*) FROM dialog"));
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
