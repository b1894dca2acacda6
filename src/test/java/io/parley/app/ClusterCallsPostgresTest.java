package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.call.CallEntity;
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
 * registers through node 1, alice calls him through node 2. The Call-IDs' shards are spread over
 * both nodes, so some calls live on node 1 and reach it from node 2's edge through the call
 * entity's serializer ({@link io.parley.call.CallMessageSerializer}), and the AOR lookup crosses
 * the other way (Jackson CBOR).
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
   * Every INVITE entering node 2 reaches bob, whichever node its Call-ID's entity lives on: the
   * request crossed with what node 2's edge decided, the entity looked bob up in his AOR entity
   * and forwarded the INVITE from its own node.
   */
  @Test
  void everyInviteEnteringNode2ReachesItsEntityWhereverItsShardLives() throws Exception {
    Sipp.require();
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
      bob.setSoTimeout(500);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      byte[] buf = new byte[65_535];
      while (!reached.containsAll(sent) && System.nanoTime() < deadline) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          bob.receive(p);
        } catch (SocketTimeoutException e) {
          continue;
        }
        String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        if (m.startsWith("INVITE ")) {
          reached.add(callIdOf(m));
        }
      }
      Set<String> missing = new HashSet<>(sent);
      missing.removeAll(reached);
      assertTrue(missing.isEmpty(), "INVITEs that never reached bob: " + missing);
      Set<String> onOne = callShards(one);
      Set<String> onTwo = callShards(two);
      assertTrue(!onOne.isEmpty() && !onTwo.isEmpty(),
          "the calls' shards on node 1: " + onOne + ", on node 2: " + onTwo);
    }
  }

  /**
   * SIPp's calls through node 2 to bob registered through node 1 all complete. A call whose
   * entity lives on node 1 answers alice through the flow her INVITE came on, which node 2 holds:
   * node 1 hands the response to node 2's flow forwarder ({@link io.parley.cluster.FlowForwarding}),
   * which sends it from the socket alice sent to.
   */
  @Test
  void sippCallsEnteringNode2ToAUserRegisteredThroughNode1AllComplete() throws Exception {
    Sipp.require();
    int bobPort = freeUdpPort();
    register(bobPort);
    Sipp bob = Sipp.uas("uas_answer", bobPort).expect(CALLS).start(dir, 120);
    Sipp alice = Sipp.uac("uac_call", udp(two), "bob").calls(CALLS, 10).start(dir, 120);
    var oneBefore = one.flowForwardingStats();
    var twoBefore = two.flowForwardingStats();
    Sipp.assertCompleted(alice, bob);
    assertTrue(!callShards(one).isEmpty() && !callShards(two).isEmpty(), "the calls' shards on both nodes");
    // the entities on node 1 answered alice through node 2, which holds her flow
    var oneAfter = one.flowForwardingStats();
    var twoAfter = two.flowForwardingStats();
    assertTrue(oneAfter.sent() > oneBefore.sent(), "node 1 handed messages for alice's flow to node 2: " + oneAfter);
    assertTrue(twoAfter.received() > twoBefore.received(), "node 2 sent them through her flow: " + twoAfter);
    assertEquals(oneBefore.failed() + twoBefore.failed(), oneAfter.failed() + twoAfter.failed(),
        "no forwarded message failed: node 1 " + oneAfter + ", node 2 " + twoAfter);
  }

  /**
   * The same over TCP from alice to node 2: the entities on node 1 answer on alice's connection,
   * which only node 2 has, through node 2's flow forwarder.
   */
  @Test
  void sippTcpCallsEnteringNode2AnswerOnTheConnectionNode2Holds() throws Exception {
    Sipp.require();
    int bobPort = freeUdpPort();
    register(bobPort);
    var oneBefore = one.flowForwardingStats();
    Sipp bob = Sipp.uas("uas_answer", bobPort).expect(CALLS).start(dir, 120);
    Sipp alice = Sipp.uac("uac_call", two.sipAddresses(Transport.TCP).get(0), "bob").transport("t1")
        .calls(CALLS, 10).start(dir, 120);
    Sipp.assertCompleted(alice, bob);
    assertTrue(one.flowForwardingStats().sent() > oneBefore.sent(),
        "node 1 answered on node 2's connection: " + one.flowForwardingStats());
  }

  private void register(int contactPort) throws Exception {
    Sipp register = Sipp.uac("uac_register_digest", udp(one), "bob").key("contact_port", String.valueOf(contactPort))
        .auth("bob", "bobpw").calls(1, 1).start(dir, 60);
    assertTrue(register.succeeded(60), "bob's registration through node 1:\n" + register.output());
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
