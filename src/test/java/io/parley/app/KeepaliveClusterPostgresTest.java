package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * NAT keepalives in a cluster of three nodes, each its own JVM, on one PostgreSQL (issue 13):
 * every NATed contact is pinged by exactly one node, once per interval, whichever node its
 * REGISTER came through and whichever owns its AOR; a node that leaves hands its pings over with
 * its AOR shards. The phones are UDP sockets of this test that answer every OPTIONS; the pinger is
 * read from the Call-ID each ping carries ({@code id-n@node}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeepaliveClusterPostgresTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "keepalive-test-token-0123456789";
  private static final Duration START = Duration.ofSeconds(90);
  private static final long INTERVAL_MS = 2_000;
  private static final int PHONES = 30;
  private static final Pattern CALL_ID = Pattern.compile("(?im)^Call-ID:\\s*[0-9a-f]+-[0-9a-f]+@(\\S+)\\s*$");

  @TempDir static Path dir;
  private PostgresServer pg;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<Phone> phones = new ArrayList<>();

  /** A phone behind a NAT: answers every OPTIONS, and notes when each came and which node sent it. */
  static final class Phone implements AutoCloseable {
    record Ping(long atNanos, String pinger) {}

    final int index;
    final DatagramSocket socket;
    final int inside;
    final List<Ping> pings = new CopyOnWriteArrayList<>();
    final BlockingQueue<String> responses = new LinkedBlockingQueue<>();
    private final Thread reader;

    Phone(int index) throws IOException {
      this.index = index;
      try (DatagramSocket closed = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        inside = closed.getLocalPort(); // the port its Via names, as before a NAT: nothing listens
      }
      socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      reader = new Thread(this::read, "phone-" + index);
      reader.setDaemon(true);
      reader.start();
    }

    String user() {
      return "natc" + index;
    }

    private void read() {
      byte[] buf = new byte[65536];
      while (!socket.isClosed()) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(p);
        } catch (IOException e) {
          return;
        }
        String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        if (m.startsWith("OPTIONS ")) {
          Matcher pinger = CALL_ID.matcher(m);
          pings.add(new Ping(System.nanoTime(), pinger.find() ? pinger.group(1) : "?"));
          byte[] ok = RegistrarFlowTest.answer(m, 200, "OK").getBytes(StandardCharsets.UTF_8);
          try {
            socket.send(new DatagramPacket(ok, ok.length, p.getSocketAddress()));
          } catch (IOException e) {
            return;
          }
        } else if (m.startsWith("SIP/2.0 ")) {
          responses.add(m);
        }
      }
    }

    /** Registers through {@code node}, from behind the NAT (its Via names {@link #inside}). */
    void register(InetSocketAddress node, int cseq) throws Exception {
      byte[] r = NatKeepaliveTest.register(user(), inside, "kc-" + index, cseq).getBytes(StandardCharsets.UTF_8);
      for (int attempt = 0; attempt < 5; attempt++) {
        socket.send(new DatagramPacket(r, r.length, node));
        for (String m; (m = responses.poll(2, TimeUnit.SECONDS)) != null; ) {
          if (m.contains("CSeq: " + cseq + " REGISTER") && !m.startsWith("SIP/2.0 1")) {
            assertEquals(200, SipProbe.status(m), m);
            return;
          }
        }
      }
      throw new AssertionError(user() + ": no answer to REGISTER through " + node);
    }

    List<Ping> since(long nanos) {
      return pings.stream().filter(p -> p.atNanos() >= nanos).toList();
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  @BeforeAll
  void startThreeNodes() throws Exception {
    pg = PostgresServer.start();
    Path conf = dir.resolve("keepalive.conf");
    Files.writeString(conf, """
        parley.domains = ["example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        parley.registrar.authenticate = off
        parley.proxy.authenticate = off
        parley.storage.jdbc-url = "%s"
        parley.storage.user = "postgres"
        parley.storage.password = ""
        parley.location.wake-settle = 2s
        parley.nat.keepalive-interval = 2s
        # never removed: every ping is counted, answered or not
        parley.nat.max-missed = 0
        """.formatted(pg.jdbcUrl()));
    NodeProcess first = NodeProcess.start("node1", dir, TOKEN, List.of("-Dconfig.file=" + conf));
    nodes.add(first);
    first.awaitReady(START);
    List<String> props = List.of("-Dconfig.file=" + conf, "-Dparley.cluster.seed-nodes.0=" + first.seed());
    nodes.add(NodeProcess.start("node2", dir, TOKEN, props));
    nodes.add(NodeProcess.start("node3", dir, TOKEN, props));
    for (NodeProcess n : nodes) {
      n.awaitReady(START);
    }
    for (int i = 0; i < PHONES; i++) {
      Phone phone = new Phone(i);
      phones.add(phone);
      phone.register(nodes.get(i % nodes.size()).udp(), 1);
    }
  }

  @AfterAll
  void stop() throws Exception {
    phones.forEach(Phone::close);
    for (NodeProcess n : nodes) {
      n.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  /**
   * Over {@code window}, each phone was pinged about once an interval and never twice within half
   * of one (by one node at a time: two pingers would ping it twice an interval), never by {@code
   * notBy}.
   */
  private void assertExactlyOnePinger(Duration window, String notBy, String when) throws Exception {
    long from = System.nanoTime();
    Thread.sleep(window.toMillis());
    long intervals = window.toMillis() / INTERVAL_MS;
    StringBuilder problems = new StringBuilder();
    for (Phone phone : phones) {
      List<Phone.Ping> pings = phone.since(from);
      Set<String> pingers = new TreeSet<>();
      long closest = Long.MAX_VALUE;
      for (int i = 0; i < pings.size(); i++) {
        pingers.add(pings.get(i).pinger());
        if (i > 0) {
          closest = Math.min(closest, pings.get(i).atNanos() - pings.get(i - 1).atNanos());
        }
      }
      // a shard may move in the window (the cluster still balancing): its pinger moves with it
      if (pingers.isEmpty() || (notBy != null && pingers.contains(notBy)) || pings.size() < intervals - 1
          || pings.size() > intervals + 1 || closest < TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS / 2)) {
        problems.append(String.format("%n%s: %d pings by %s, closest %d ms apart", phone.user(), pings.size(),
            pingers, closest == Long.MAX_VALUE ? -1 : closest / 1_000_000));
      }
    }
    assertTrue(problems.isEmpty(), when + ": not one ping a phone an interval:" + problems);
  }

  private long keepalives(NodeProcess node, String field) throws Exception {
    JsonNode stats = JSON.readTree(node.get("/stats").body());
    return stats.path("keepalives").path(field).asLong();
  }

  @Test
  void everyNatedContactIsPingedByExactlyOneNodeBeforeAndAfterANodeLeaves() throws Exception {
    Thread.sleep(INTERVAL_MS + 500); // every binding's first ping is out
    assertExactlyOnePinger(Duration.ofSeconds(10), null, "three nodes");
    long relayed = 0;
    long pinged = 0;
    for (NodeProcess n : nodes) {
      relayed += keepalives(n, "relayed");
      pinged += keepalives(n, "pinged");
    }
    assertEquals(PHONES, pinged, "the nodes' pinged bindings add up to the phones");
    // a phone's AOR lives on one node, its flow on the node it registered through: where the two
    // differ, the owner hands its pings to the flow's node, and the answers come back
    assertTrue(relayed > 0, "no ping went through another node's flow");

    NodeProcess leaving = nodes.get(2);
    assertTrue(leaving.drain(Duration.ofSeconds(60)), "node 3 did not leave within 60 s:\n" + leaving.tail());
    nodes.remove(leaving);
    // its phones' pinholes were to node 3's socket: they register again through node 1, as a
    // phone whose server went away does
    for (Phone phone : phones) {
      if (phone.index % 3 == 2) {
        phone.register(nodes.get(0).udp(), 2);
      }
    }
    // the AORs node 3 owned start again on the others (handed off, or woken by the sweep once
    // it is removed), and ping from there
    long left = System.nanoTime();
    long deadline = left + TimeUnit.SECONDS.toNanos(30);
    for (Phone phone : phones) {
      while (phone.since(left).stream().noneMatch(p -> !p.pinger().equals(leaving.nodeName()))
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }
    System.out.printf("keepalive cluster test: every phone pinged again %.1f s after node 3 left%n",
        (System.nanoTime() - left) / 1e9);
    assertExactlyOnePinger(Duration.ofSeconds(10), leaving.nodeName(), "two nodes, after node 3 left");
    // the shards node 3 left may still be moving between the two: a moving AOR is, for a moment,
    // in neither node's count (dropped by one, waking on the other)
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    do {
      pinged = 0;
      for (NodeProcess n : nodes) {
        pinged += keepalives(n, "pinged");
      }
    } while (pinged != PHONES && System.nanoTime() < until && sleepBriefly());
    assertEquals(PHONES, pinged, "the two nodes' pinged bindings add up to the phones");
  }

  private static boolean sleepBriefly() throws InterruptedException {
    Thread.sleep(200);
    return true;
  }
}
