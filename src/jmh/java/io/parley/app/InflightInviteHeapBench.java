package io.parley.app;

import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import io.parley.transport.Transport;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Heap per in-flight INVITE transaction: a real node proxies N INVITEs (distinct Call-IDs) to a
 * callee that never answers, so each call holds its CallEntity, its server and client
 * transaction actors, its response context and the request bytes until Timer B (32 s). After
 * the 100 Trying of every call has come back, the heap is measured after GC against the idle
 * node's.
 *
 * <pre>mvn -Pbench -DskipTests package
 * java -Xmx2g -cp target/benchmarks.jar io.parley.app.InflightInviteHeapBench 20000</pre>
 */
public final class InflightInviteHeapBench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Path dir = Files.createTempDirectory("parley-heap");
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         DatagramSocket caller = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Node node = Node.start(ConfigLoader.layered(ConfigFactory.parseString("""
          parley.domains = ["example.com"]
          parley.sip.listen = ["udp:127.0.0.1:0"]
          parley.cluster.port = 0
          pekko.management.http.port = 0
          pekko.loglevel = "WARNING"
          parley.storage.jdbc-url = "jdbc:h2:file:%s/parley"
          parley.routing.static = [ { match = "sip:bob@example.com", target = "sip:127.0.0.1:%d" } ]
          """.formatted(dir.toAbsolutePath(), silent.getLocalPort()))));
      InetSocketAddress proxy = node.sipAddresses(Transport.UDP).get(0);
      caller.setReceiveBufferSize(8 << 20);
      caller.setSoTimeout(5000);
      // the caller reads on a thread of its own while it sends: its socket buffer stays empty
      java.util.Set<String> trying = java.util.concurrent.ConcurrentHashMap.newKeySet();
      Thread reader = new Thread(() -> readTrying(caller, trying), "caller-reader");
      reader.setDaemon(true);
      reader.start();
      // warm the path, then let those calls end (Timer B) before the baseline
      sendInvites(caller, proxy, "warm", 2000);
      Thread.sleep(40_000);
      long before = usedAfterGc();
      trying.clear();
      long t0 = System.nanoTime();
      sendInvites(caller, proxy, "heap", n);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (trying.size() < n && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      long after = usedAfterGc();
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("in-flight INVITEs: %d (100 Trying seen: %d) in %.1f s%n", n, trying.size(), seconds);
      System.out.printf("heap before %.1f MB, after %.1f MB: %.0f bytes per in-flight INVITE transaction%n",
          before / 1e6, after / 1e6, (after - before) / (double) n);
      node.close();
    }
  }

  private static void sendInvites(DatagramSocket caller, InetSocketAddress proxy, String tag, int n) throws Exception {
    int port = caller.getLocalPort();
    for (int i = 0; i < n; i++) {
      String sdp = "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n";
      String invite = "INVITE sip:bob@example.com SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-" + tag + i + ";rport\r\n"
          + "Max-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=a" + i + "\r\nTo: <sip:bob@example.com>\r\n"
          + "Call-ID: " + tag + "-" + i + "@127.0.0.1\r\nCSeq: 1 INVITE\r\n"
          + "Contact: <sip:alice@127.0.0.1:" + port + ">\r\nContent-Type: application/sdp\r\n"
          + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
      byte[] b = invite.getBytes(StandardCharsets.US_ASCII);
      caller.send(new DatagramPacket(b, b.length, proxy));
      if (i % 50 == 49) {
        Thread.sleep(20); // ~2,500/s: well within what the node sustains, so none is dropped
      }
    }
  }

  private static void readTrying(DatagramSocket caller, java.util.Set<String> seen) {
    byte[] buf = new byte[4096];
    while (!caller.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        caller.receive(p);
      } catch (java.io.IOException e) {
        continue; // a timeout, or closed
      }
      String m = new String(buf, 0, p.getLength(), StandardCharsets.US_ASCII);
      if (m.startsWith("SIP/2.0 100") && m.contains("Call-ID: heap-")) {
        int i = m.indexOf("Call-ID: ");
        seen.add(m.substring(i, m.indexOf("\r\n", i)));
      }
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
