package io.parley.app;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL server for a test: {@code initdb} into a temporary folder, trust
 * authentication, listening on 127.0.0.1 at a free port, stopped and removed on close. Run as
 * the {@code postgres} user when the tests run as root (PostgreSQL refuses root). Where
 * PostgreSQL is not installed the calling test is skipped, except with {@code CI=true}, where it
 * fails: CI installs it ({@code .ci/run}).
 */
final class PostgresServer implements AutoCloseable {
  private static final List<String> BIN_DIRS = List.of("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
      "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/14/bin", "/usr/lib/postgresql/13/bin");

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgres;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** Starts one, with a database {@code parley}; skips (or fails in CI) where PostgreSQL is missing. */
  static PostgresServer start() throws Exception {
    Path bin = BIN_DIRS.stream().map(Path::of).filter(p -> Files.isExecutable(p.resolve("initdb"))).findFirst()
        .orElse(null);
    if (bin == null) {
      String why = "PostgreSQL (initdb) is not installed";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + ", and CI=true: this test must run in CI");
      }
      Assumptions.assumeTrue(false, why);
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("parley-pg");
    if (root) {
      run(List.of("chown", "postgres", dir.toString()), false);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PostgresServer server = new PostgresServer(bin, dir, port, root);
    server.pg(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
        "-U", "postgres", "-E", "UTF8"));
    server.up();
    server.pg(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port),
        "-U", "postgres", "parley"));
    return server;
  }

  /** Starts the server (again, after {@link #down()}), on the same port and data. */
  void up() throws Exception {
    pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
        "-l", dir.resolve("server.log").toString(), "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
  }

  /** Stops the server, closing every connection (an outage); {@link #up()} brings it back. */
  void down() throws Exception {
    pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
        "stop"));
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/parley";
  }

  private void pg(List<String> command) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full, true);
  }

  private static void run(List<String> command, boolean inTmp) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (inTmp) {
      pb.directory(new File(System.getProperty("java.io.tmpdir")));
    }
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
          "stop"));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException ignored) {
        // a temporary folder; the OS cleans it up
      }
    }
  }
}
