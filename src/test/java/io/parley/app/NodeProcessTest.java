package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node as an operator runs it: its own JVM, started by Main, stopped by SIGTERM. */
class NodeProcessTest {
  @TempDir Path dir;

  @Test
  void sigtermMakesTheNodeLeaveTheClusterAndExit() throws Exception {
    int sip = freeUdpAndTcpPort();
    Process p = start(List.of(
        "-Dparley.sip.listen.0=udp:127.0.0.1:" + sip,
        "-Dparley.sip.listen.1=tcp:127.0.0.1:" + sip));
    Path log = dir.resolve("node.log");
    try {
      waitFor(log, "SIP listening on", 60);
      try (SipProbe probe = new SipProbe(new java.net.InetSocketAddress("127.0.0.1", sip))) {
        probe.send(probe.options(70).getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, SipProbe.status(probe.receive()));
      }
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the node did not stop within 30 s");
      String out = Files.readString(log);
      assertTrue(out.contains("transport layer of"), out);
      assertTrue(out.contains("left the cluster"), out);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aBadValueStopsTheStartAndNamesTheKey() throws Exception {
    Process p = start(List.of("-Dparley.storage.jdbc-url=jdbc:mysql://db/parley"));
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String out = Files.readString(dir.resolve("node.log"));
    assertEquals(2, p.exitValue(), out);
    assertTrue(out.contains("configuration error"), out);
    assertTrue(out.contains("parley.storage.jdbc-url"), out);
  }

  @Test
  void aListenPointInUseStopsTheStartAndNamesIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Process p = start(List.of("-Dparley.sip.listen.0=tcp:127.0.0.1:" + port, "-Dparley.sip.listen.1=udp:127.0.0.1:0"));
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      String out = Files.readString(dir.resolve("node.log"));
      assertEquals(1, p.exitValue(), out);
      assertTrue(out.contains("tcp:127.0.0.1:" + port), out);
    }
  }

  private Process start(List<String> props) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Dparley.storage.jdbc-url=jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + "/parley");
    cmd.add("-Dparley.cluster.port=0");
    cmd.add("-Dpekko.management.http.port=0");
    cmd.addAll(props);
    cmd.add("io.parley.app.Main");
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("node.log").toFile()).start();
  }

  private static void waitFor(Path log, String line, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + line + "' within " + seconds + " s:\n" + Files.readString(log));
  }

  private static int freeUdpAndTcpPort() throws IOException {
    for (int i = 0; i < 20; i++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
           DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
        return tcp.getLocalPort();
      } catch (IOException busy) {
        // that port was free for TCP only: try another
      }
    }
    throw new IOException("no port free for both UDP and TCP");
  }
}
