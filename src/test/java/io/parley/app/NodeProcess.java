package io.parley.app;

import io.parley.admin.PrometheusText;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node as an operator runs it, in a JVM of its own (Main), on loopback: its SIP port (UDP and
 * TCP), remoting and management ports drawn free, its log in a file. For the tests of a real
 * cluster: SIGTERM drains it, {@link #kill()} is {@code kill -9}.
 */
final class NodeProcess implements AutoCloseable {
  final String name;
  final int sipPort;
  final int remotingPort;
  final int managementPort;
  final Path log;
  private final String token;
  private final Process process;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private NodeProcess(String name, int sipPort, int remotingPort, int managementPort, Path log, String token,
      Process process) {
    this.name = name;
    this.sipPort = sipPort;
    this.remotingPort = remotingPort;
    this.managementPort = managementPort;
    this.log = log;
    this.token = token;
    this.process = process;
  }

  /**
   * Starts node {@code name} with {@code props} ({@code -Dkey=value} each) on top of its ports,
   * the management token and a 256 MB heap.
   */
  static NodeProcess start(String name, Path dir, String token, List<String> props) throws IOException {
    int sip = freeUdpAndTcpPort();
    int remoting = freeTcpPort();
    int management = freeTcpPort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Dparley.sip.listen.0=udp:127.0.0.1:" + sip);
    cmd.add("-Dparley.sip.listen.1=tcp:127.0.0.1:" + sip);
    cmd.add("-Dparley.cluster.hostname=127.0.0.1");
    cmd.add("-Dparley.cluster.port=" + remoting);
    cmd.add("-Dpekko.management.http.hostname=127.0.0.1");
    cmd.add("-Dpekko.management.http.port=" + management);
    cmd.add("-Dparley.management.token=" + token);
    cmd.addAll(props);
    cmd.add("io.parley.app.Main");
    Path log = dir.resolve(name + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new NodeProcess(name, sip, remoting, management, log, token, p);
  }

  /** {@code pekko://parley@127.0.0.1:port}: what the others name as a seed. */
  String seed() {
    return "pekko://parley@127.0.0.1:" + remotingPort;
  }

  /** The name its dialogs and CDRs carry: {@code host:port} of its cluster address. */
  String nodeName() {
    return "127.0.0.1:" + remotingPort;
  }

  InetSocketAddress udp() {
    return new InetSocketAddress("127.0.0.1", sipPort);
  }

  /** Waits until {@code GET /ready} answers 200: the node is in the cluster and takes SIP. */
  NodeProcess awaitReady(Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited:\n" + tail());
      }
      try {
        if (get("/ready").statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError(name + " not ready within " + within + ":\n" + tail());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send("GET", path, null);
  }

  HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
        .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The node's {@code /metrics}. */
  PrometheusText metrics() throws Exception {
    return PrometheusText.parse(get("/metrics").body());
  }

  /** SIGTERM: the node leaves the cluster, handing its shards over, and exits. */
  boolean drain(Duration within) throws InterruptedException {
    process.destroy();
    return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** {@code kill -9}: a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The warnings and errors of its log (the last 200), for a failure's message. */
  String warnings() throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      if (l.contains(" WARN ") || l.contains(" ERROR ")) {
        out.add(l.length() > 400 ? l.substring(0, 400) : l);
      }
    }
    return String.join("\n", out.subList(Math.max(0, out.size() - 200), out.size()));
  }

  /** The end of its log, for a failure's message. */
  String tail() throws IOException {
    String all = Files.exists(log) ? Files.readString(log) : "";
    return all.length() > 8000 ? all.substring(all.length() - 8000) : all;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int freeUdpAndTcpPort() throws IOException {
    for (int i = 0; i < 20; i++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
        return tcp.getLocalPort();
      } catch (IOException taken) {
        // the UDP port of that number is someone's; draw again
      }
    }
    throw new IOException("no port free for both UDP and TCP");
  }
}
