package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * rtpengine from Debian's packages for a test: userspace forwarding (no kernel module), its NG
 * port and media ports on 127.0.0.1, calls deleted at once on {@code delete} (no delete-delay).
 */
final class RtpEngineProcess implements AutoCloseable {
  final InetSocketAddress ng;
  private final Process process;
  private final Path log;

  private RtpEngineProcess(InetSocketAddress ng, Process process, Path log) {
    this.ng = ng;
    this.process = process;
    this.log = log;
  }

  static RtpEngineProcess start() throws Exception {
    OutsideProgram.require("rtpengine", "rtpengine-daemon");
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    // a media port range of this JVM's own, so that two test runs do not meet
    int base = 31_000 + (int) (ProcessHandle.current().pid() % 300) * 100;
    Path log = Files.createTempFile("rtpengine", ".log");
    Process p = new ProcessBuilder("rtpengine", "--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + port,
        "--foreground", "--log-stderr", "--table=-1", "--port-min=" + base, "--port-max=" + (base + 99),
        "--no-redis-required", "--delete-delay=0", "--pidfile=" + Files.createTempFile("rtpengine", ".pid"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Files.readString(log).contains("Startup complete")) {
      assertTrue(p.isAlive() && System.nanoTime() < deadline, "rtpengine did not start:\n" + Files.readString(log));
      Thread.sleep(50);
    }
    return new RtpEngineProcess(new InetSocketAddress("127.0.0.1", port), p, log);
  }

  /** What rtpengine says of {@code callId} ({@code query}): its reply, e.g. with "Unknown call-id". */
  String query(String callId) throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(2000);
      // a cookie of its own each time: rtpengine answers a cookie it has seen with its first reply
      byte[] q = ("q" + System.nanoTime() + " d7:call-id" + callId.length() + ":" + callId + "7:command5:querye")
          .getBytes(StandardCharsets.ISO_8859_1);
      s.send(new DatagramPacket(q, q.length, ng));
      DatagramPacket in = new DatagramPacket(new byte[65536], 65536);
      s.receive(in);
      return new String(in.getData(), 0, in.getLength(), StandardCharsets.ISO_8859_1);
    }
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroy();
  }
}
