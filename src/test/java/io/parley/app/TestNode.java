package io.parley.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import io.parley.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real node for a test: every port ephemeral, its H2 file in a fresh folder. */
final class TestNode implements AutoCloseable {
  final Node node;
  private final Path dataDir;

  private TestNode(Node node, Path dataDir) {
    this.node = node;
    this.dataDir = dataDir;
  }

  static TestNode start(String extraHocon) {
    try {
      return start(extraHocon, Files.createTempDirectory("parley-test"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A node whose H2 file is {@code dir}/parley (which may hold data already); removed on close. */
  static TestNode start(String extraHocon, Path dir) {
    {
      Config app = ConfigFactory.parseString(extraHocon).withFallback(ConfigFactory.parseString("""
          parley.sip.listen = ["udp:127.0.0.1:0", "tcp:127.0.0.1:0"]
          parley.cluster.port = 0
          pekko.management.http.port = 0
          pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
          parley.storage.jdbc-url = "jdbc:h2:file:%s/parley"
          """.formatted(dir.toAbsolutePath().toString().replace('\\', '/'))));
      return new TestNode(Node.start(ConfigLoader.layered(app)), dir);
    }
  }

  InetSocketAddress udp() {
    return node.sipAddresses(Transport.UDP).get(0);
  }

  InetSocketAddress tcp() {
    return node.sipAddresses(Transport.TCP).get(0);
  }

  @Override
  public void close() throws IOException {
    node.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
