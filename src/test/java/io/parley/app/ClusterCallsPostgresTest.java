package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.call.CallEntity;
import io.parley.cluster.HomeShards;
import io.parley.location.BindingsCache;
import io.parley.proxy.RouteToken;
import io.parley.config.ConfigLoader;
import io.parley.transport.Transport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in one JVM on one PostgreSQL journal, joined into a cluster, UDP on 127.0.0.1: bob
 * registers through node 1, alice calls him through node 2. Each call lives on node 2, where its
 * first request arrived (node affinity, {@link HomeShards}): only the AOR lookup crosses to
 * whichever node holds bob's AOR; the call's own messages never do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterCallsPostgresTest {
  private static final int CALLS = 30;
  private PostgresServer pg;
  private Node one;
  private Node two;
  @TempDir Path dir;

  @BeforeAll
  void startTwoNodes() throws Exception {
    pg = PostgresServer.start();
    String common = """
        parley.domains = ["example.com"]
        parley.sip.listen = ["udp:127.0.0.1:0", "tcp:127.0.0.1:0"]
        parley.sip.timers.t1 = 100ms
        parley.auth.secret = "a-test-secret-of-enough-length"
        # alice is believed: ProxyAuthSippTest covers the challenge
        parley.proxy.authenticate = off
        parley.cluster.port = 0
        pekko.management.http.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        parley.storage.jdbc-url = "%s"
        parley.storage.user = "postgres"
        parley.storage.password = ""
        """.formatted(pg.jdbcUrl());
    one = Node.start(config(common));
    var address = one.system().address();
    two = Node.start(config(common + "parley.cluster.seed-nodes = [\"pekko://parley@%s:%d\"]".formatted(
        address.host().get(), address.port().get())));
    awaitMembersUp(one, 2);
    awaitMembersUp(two, 2);
    one.subscriberRepository().add("bob", "example.com", "bobpw");
    one.subscriberCache().refresh();
    two.subscriberCache().refresh();
  }

  @AfterAll
  void stop() throws Exception {
    // one after the other (pekko-versions.md)
    if (two != null) {
      two.close();
    }
    if (one != null) {
      one.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  /**
   * Every INVITE entering node 2 reaches bob, registered through node 1, and its call lives on
   * node 2 (DESIGN.md, Cluster: node affinity): in one of node 2's home shards, not on node 1,
   * and not one message of the calls crossed to node 1.
   */
  @Test
  void everyInviteEnteringNode2ReachesBobAndItsCallLivesOnNode2() throws Exception {
    Sipp.require();
    long crossedBefore = one.callMessagesReceived() + two.callMessagesReceived();
    try (DatagramSocket bob = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        SipProbe alice = new SipProbe(udp(two))) {
      register(bob.getLocalPort());
      Set<String> sent = new HashSet<>();
      for (int i = 0; i < CALLS; i++) {
        String callId = "cross-" + i + "@127.0.0.1";
        sent.add(callId);
        alice.send(TestInvite.of("sip:bob@example.com", callId).bytes(alice));
      }
      Set<String> reached = new HashSet<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      for (String m; !reached.containsAll(sent) && (m = nextInvite(bob, deadline)) != null; ) {
        reached.add(callIdOf(m));
        assertTrue(m.contains("branch=z9hG4bK" + home(two) + "-"), "the branch names node 2's home:\n" + m);
        assertTrue(m.contains(RouteToken.PARAM + "=" + home(two)), "the Record-Route names node 2's home:\n" + m);
      }
      Set<String> missing = new HashSet<>(sent);
      missing.removeAll(reached);
      assertTrue(missing.isEmpty(), "INVITEs that never reached bob: " + missing);
      Set<String> onTwo = callShards(two);
      assertTrue(!onTwo.isEmpty() && onTwo.stream().allMatch(s -> s.startsWith(home(two))),
          "the calls' shards on node 2: " + onTwo);
      assertTrue(callShards(one).stream().noneMatch(s -> s.startsWith(home(two))),
          "node 2's home on node 1: " + callShards(one));
      assertEquals(crossedBefore, one.callMessagesReceived() + two.callMessagesReceived(),
          "messages of calls that crossed nodes");
    }
  }

  /**
   * SIPp's calls through node 2 to bob registered through node 1 all complete, each living on
   * node 2 from its INVITE to its BYE: no message of theirs crosses, and nothing needs another
   * node's flow (alice's and bob's are UDP, and node 2 holds alice's).
   */
  @Test
  void sippCallsEnteringNode2ToAUserRegisteredThroughNode1AllCompleteWithoutCrossing() throws Exception {
    Sipp.require();
    int bobPort = freeUdpPort();
    register(bobPort);
    long crossedBefore = one.callMessagesReceived() + two.callMessagesReceived();
    var forwardedBefore = one.flowForwardingStats().sent() + two.flowForwardingStats().sent();
    Sipp bob = Sipp.uas("uas_answer", bobPort).expect(CALLS).start(dir, 120);
    Sipp alice = Sipp.uac("uac_call", udp(two), "bob").calls(CALLS, 10).start(dir, 120);
    Sipp.assertCompleted(alice, bob);
    assertTrue(callShards(two).stream().allMatch(s -> s.startsWith(home(two))), "the calls' shards on node 2");
    assertEquals(crossedBefore, one.callMessagesReceived() + two.callMessagesReceived(),
        "messages of calls that crossed nodes");
    assertEquals(forwardedBefore, one.flowForwardingStats().sent() + two.flowForwardingStats().sent(),
        "messages handed to another node's flow");
  }

  /** The same over TCP from alice to node 2: her connection and her calls are both node 2's. */
  @Test
  void sippTcpCallsEnteringNode2CompleteOnNode2() throws Exception {
    Sipp.require();
    int bobPort = freeUdpPort();
    register(bobPort);
    long crossedBefore = one.callMessagesReceived() + two.callMessagesReceived();
    Sipp bob = Sipp.uas("uas_answer", bobPort).expect(CALLS).start(dir, 120);
    Sipp alice = Sipp.uac("uac_call", two.sipAddresses(Transport.TCP).get(0), "bob").transport("t1")
        .calls(CALLS, 10).start(dir, 120);
    Sipp.assertCompleted(alice, bob);
    assertEquals(crossedBefore, one.callMessagesReceived() + two.callMessagesReceived(),
        "messages of calls that crossed nodes");
  }

  /**
   * Node 2 keeps bob's bindings once a call has looked them up ({@link BindingsCache}), so the
   * next call does not cross to his AOR's node; and it drops them when they change, by the notice
   * of the node that holds his AOR, long before the cache's 30 min would run out: after an
   * operator removes his binding through node 1 and he registers at another port, calls
   * entering node 2 go to the new port; after he adds a second one, they reach that too.
   */
  @Test
  void node2KeepsBobsBindingsUntilTheyChangeThroughNode1() throws Exception {
    Sipp.require();
    BindingsCache cache = BindingsCache.get(two.system());
    ManagementHttp http = new ManagementHttp(one);
    try (DatagramSocket first = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket second = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket third = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        SipProbe alice = new SipProbe(udp(two))) {
      int status = http.send("DELETE", "/registrations/bob@example.com", null).status();
      assertTrue(status == 204 || status == 404, "removing what other tests registered: " + status);
      register(first.getLocalPort());
      awaitInvite(alice, first, "kept-1");
      long hits = cache.stats().hits();
      awaitInvite(alice, first, "kept-2");
      assertEquals(hits + 1, cache.stats().hits(), "the second call's lookup answered on node 2");

      long dropped = cache.stats().dropped();
      assertEquals(204, http.send("DELETE", "/registrations/bob@example.com", null).status());
      awaitDropped(cache, dropped);
      register(second.getLocalPort());
      awaitInvite(alice, second, "kept-3");

      register(third.getLocalPort()); // returns once node 2 has dropped what it held
      alice.send(TestInvite.of("sip:bob@example.com", "kept-4@127.0.0.1").bytes(alice));
      assertTrue(reached(second, "kept-4@127.0.0.1") && reached(third, "kept-4@127.0.0.1"),
          "the call forks to both of bob's bindings");
    }
  }

  private static void awaitDropped(BindingsCache cache, long before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cache.stats().dropped() == before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(cache.stats().dropped() > before, "node 2 heard of the change of bob's bindings");
  }

  private static void awaitInvite(SipProbe alice, DatagramSocket bob, String call) throws Exception {
    String callId = call + "@127.0.0.1";
    alice.send(TestInvite.of("sip:bob@example.com", callId).bytes(alice));
    assertTrue(reached(bob, callId), "the INVITE of " + callId + " reached bob at " + bob.getLocalPort());
  }

  /** Whether the INVITE of {@code callId} arrives at {@code bob} within 10 s. */
  private static boolean reached(DatagramSocket bob, String callId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (String m; (m = nextInvite(bob, deadline)) != null; ) {
      if (callIdOf(m).equals(callId)) {
        return true;
      }
    }
    return false;
  }

  /** The next INVITE to reach {@code bob} before {@code deadline} ({@link System#nanoTime}), or null. */
  private static String nextInvite(DatagramSocket bob, long deadline) throws Exception {
    bob.setSoTimeout(500);
    byte[] buf = new byte[65_535];
    while (System.nanoTime() < deadline) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        bob.receive(p);
      } catch (SocketTimeoutException e) {
        continue;
      }
      String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
      if (m.startsWith("INVITE ")) {
        return m;
      }
    }
    return null;
  }

  /** The home of {@code node}'s calls (cluster/HomeShards). */
  private static String home(Node node) {
    return HomeShards.token(Cluster.get(node.system()).selfMember().uniqueAddress());
  }

  /**
   * Registers bob at {@code contactPort} (a new binding) through node 1; returns once node 2
   * holds none of his bindings from before: they are dropped by a notice that may come a little
   * after the 200 OK ({@link BindingsCache}).
   */
  private void register(int contactPort) throws Exception {
    BindingsCache cache = BindingsCache.get(two.system());
    Sipp register = Sipp.uac("uac_register_digest", udp(one), "bob").key("contact_port", String.valueOf(contactPort))
        .auth("bob", "bobpw").calls(1, 1).start(dir, 60);
    assertTrue(register.succeeded(60), "bob's registration through node 1:\n" + register.output());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cache.holds("bob@example.com") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(!cache.holds("bob@example.com"), "node 2 still holds bob's bindings from before");
  }

  private static Config config(String hocon) {
    return ConfigLoader.layered(ConfigFactory.parseString(hocon));
  }

  private static InetSocketAddress udp(Node node) {
    return node.sipAddresses(Transport.UDP).get(0);
  }

  private static void awaitMembersUp(Node node, int members) throws InterruptedException {
    Cluster cluster = Cluster.get(node.system());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      long up = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
          .filter(m -> m.status() == MemberStatus.up()).count();
      if (up == members) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("cluster not formed: " + cluster.state().getMembers());
  }

  private static Set<String> callShards(Node node) throws Exception {
    var system = node.system();
    ShardRegion.CurrentShardRegionState state = AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
        ClusterSharding.get(system).shardState(),
        replyTo -> new GetShardRegionState(CallEntity.TYPE_KEY, replyTo), Duration.ofSeconds(5), system.scheduler())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    return state.getShards().stream().map(ShardRegion.ShardState::shardId).collect(Collectors.toSet());
  }

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The Call-ID of a message as text, long or compact form (RFC 3261 §7.3.3). */
  private static String callIdOf(String message) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^(?:Call-ID|i)[ \\t]*:[ \\t]*(\\S+)")
        .matcher(message);
    return m.find() ? m.group(1) : "";
  }
}
