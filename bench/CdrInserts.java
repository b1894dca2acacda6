import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * What one CDR insert costs H2, by thread: the cdr table as a migration version left it, the
 * insert CdrTable makes, batches of 500 rows every 0.5 s (1,000 CDRs/s, as parley.accounting's
 * batch-size and batch-interval group them at that rate) into an H2 file, after a warm-up.
 *
 *     java -cp target/parley.jar bench/CdrInserts.java TARGET CALL_IDS CALLERS [WARMUP ROWS [URL_OPTIONS [SQL]]]
 *
 * TARGET: the migration version to stop at (7: three indexes on cdr, 9: two); CALL_IDS:
 * "random" (UUIDs, as phones make them) or "sequential" (SIPp's n-pid@host); CALLERS: how many
 * distinct From URIs; URL_OPTIONS: settings added to the JDBC URL (";AUTO_COMPACT_FILL_RATE=0"); SQL: a statement run after the migration, a change to try. CPU is read per thread from /proc (so GC and JIT threads are counted),
 * from the end of the warm-up to 3 s after the last batch.
 */
public class CdrInserts {
  static final String INSERT = "INSERT INTO cdr (call_id, caller, callee, original_uri, final_uri, from_tag, to_tag, "
      + "setup_time, answer_time, end_time, duration, status, reason, ended_by, node) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static void main(String[] a) throws Exception {
    String target = a[0];
    boolean random = a[1].equals("random");
    int callers = Integer.parseInt(a[2]);
    int warmup = a.length > 3 ? Integer.parseInt(a[3]) : 100_000;
    int rows = a.length > 4 ? Integer.parseInt(a[4]) : 20_000;
    String options = a.length > 5 ? a[5] : "";
    Path dir = Files.createTempDirectory("cdr-inserts");
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl("jdbc:h2:file:" + dir + "/db;DB_CLOSE_ON_EXIT=FALSE" + options);
    hc.setUsername("sa");
    hc.setPassword("");
    hc.setMaximumPoolSize(3);
    hc.setMinimumIdle(0);
    try (HikariDataSource ds = new HikariDataSource(hc)) {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").target(target).load().migrate();
      if (a.length > 6) {
        try (Connection c = ds.getConnection(); var st = c.createStatement()) {
          st.execute(a[6]); // a change to try (a statement, e.g. "DROP INDEX cdr_setup_time")
        }
      }
      long base = System.currentTimeMillis();
      int n = 0;
      // the warm-up unpaced but for 20 ms between batches, then the measured rows at 1,000/s
      for (; n < warmup; n += 500) {
        insert(ds, n, base, random, callers);
        Thread.sleep(20);
      }
      Thread.sleep(2000);
      Map<String, Long> before = threads();
      Map<Long, Long> allocatedBefore = allocated();
      for (int end = n + rows; n < end; n += 500) {
        insert(ds, n, base, random, callers);
        Thread.sleep(500);
      }
      Thread.sleep(3000);
      Map<String, Long> after = threads();
      Map<Long, Long> allocatedAfter = allocated();
      long bytes = allocatedAfter.entrySet().stream()
          .mapToLong(e -> e.getValue() - allocatedBefore.getOrDefault(e.getKey(), 0L)).sum();
      Map<String, Long> by = new TreeMap<>();
      after.forEach((t, v) -> by.merge(t.replaceAll("\\d+", "#"), v - before.getOrDefault(t, 0L), Long::sum));
      long all = by.values().stream().mapToLong(Long::longValue).sum();
      long jit = by.entrySet().stream().filter(e -> e.getKey().startsWith("C# Comp")).mapToLong(Map.Entry::getValue).sum();
      System.out.printf("V%s, %s Call-IDs, %d callers%s: %.1f µs CPU per row, %.1f without the JIT%n", target,
          a[1], callers, options, all / 1e3 / rows, (all - jit) / 1e3 / rows);
      System.out.printf("  allocated: %.0f bytes per row (every thread alive at both ends)%n", (double) bytes / rows);
      by.forEach((t, v) -> {
        if (v >= rows * 500L) {
          System.out.printf("  %-18s %5.1f%n", t, v / 1e3 / rows);
        }
      });
    }
  }

  static void insert(HikariDataSource ds, int first, long base, boolean random, int callers) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        for (int i = first; i < first + 500; i++) {
          long setup = base + i;
          ps.setString(1, random ? UUID.randomUUID() + "@127.0.0.1" : i + "-4242@127.0.0.1");
          ps.setString(2, "sip:user" + (i * 7919L % callers) + "@127.0.0.1");
          ps.setString(3, "sip:bob@127.0.0.1:5071");
          ps.setString(4, "sip:bob@127.0.0.1:5071");
          ps.setString(5, "sip:127.0.0.1:5090");
          ps.setString(6, "4242SIPpTag00" + i);
          ps.setString(7, "4243SIPpTag01" + i);
          ps.setObject(8, utc(setup));
          ps.setObject(9, utc(setup + 20));
          ps.setObject(10, utc(setup + 1030));
          ps.setLong(11, 1);
          ps.setInt(12, 200);
          ps.setString(13, "BYE");
          ps.setString(14, "caller");
          ps.setString(15, "127.0.0.1:25520");
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  static LocalDateTime utc(long millis) {
    return LocalDateTime.ofEpochSecond(millis / 1000, (int) (millis % 1000) * 1_000_000, ZoneOffset.UTC);
  }

  /** Bytes each live thread has allocated, by thread id. */
  static Map<Long, Long> allocated() {
    var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long[] ids = mx.getAllThreadIds();
    long[] bytes = mx.getThreadAllocatedBytes(ids);
    Map<Long, Long> m = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        m.put(ids[i], bytes[i]);
      }
    }
    return m;
  }

  /** CPU nanoseconds per thread name, from /proc: GC and compiler threads too. */
  static Map<String, Long> threads() throws Exception {
    Map<String, Long> m = new HashMap<>();
    try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : tasks) {
        try {
          String name = Files.readString(t.resolve("comm")).strip();
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          m.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L, Long::sum);
        } catch (Exception gone) {
          // the thread ended between the listing and the read
        }
      }
    }
    return m;
  }
}
