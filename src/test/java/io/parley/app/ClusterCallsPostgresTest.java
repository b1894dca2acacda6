package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.call.CallEntity;
import io.parley.config.ConfigLoader;
import io.parley.transport.Transport;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in one JVM on one PostgreSQL journal, joined into a cluster: bob registers through
 * node 1, alice calls him through node 2 (SIPp on both sides, UDP on 127.0.0.1). The Call-IDs'
 * shards are spread over both nodes, so some calls live on node 1 and reach it from node 2's edge
 * through the call entity's serializer ({@link io.parley.call.CallMessageSerializer}), and the
 * AOR lookup crosses the other way; every call completes.
 */
class ClusterCallsPostgresTest {
  private static final int CALLS = 30;
  @TempDir Path dir;

  @Test
  void callsEnteringNode2ReachAUserRegisteredThroughNode1WhereverTheirShardLives() throws Exception {
    Sipp.require();
    try (PostgresServer pg = PostgresServer.start()) {
      String common = """
          parley.domains = ["example.com"]
          parley.sip.listen = ["udp:127.0.0.1:0"]
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
      Node one = Node.start(config(common));
      Node two = null;
      try {
        var address = one.system().address();
        two = Node.start(config(common + "parley.cluster.seed-nodes = [\"pekko://parley@%s:%d\"]".formatted(
            address.host().get(), address.port().get())));
        awaitMembersUp(one, 2);
        awaitMembersUp(two, 2);
        one.subscriberRepository().add("bob", "example.com", "bobpw");
        one.subscriberCache().refresh();
        two.subscriberCache().refresh();

        int bobPort = freeUdpPort();
        Sipp register = Sipp.uac("uac_register_digest", udp(one), "bob").key("contact_port", String.valueOf(bobPort))
            .auth("bob", "bobpw").calls(1, 1).start(dir, 60);
        assertTrue(register.succeeded(60), "bob's registration through node 1:\n" + register.output());

        Sipp bob = Sipp.uas("uas_answer", bobPort).expect(CALLS).start(dir, 120);
        Sipp alice = Sipp.uac("uac_call", udp(two), "bob").calls(CALLS, 10).start(dir, 120);
        Sipp.assertCompleted(alice, bob);

        Set<String> onOne = callShards(one);
        Set<String> onTwo = callShards(two);
        assertTrue(!onOne.isEmpty() && !onTwo.isEmpty(),
            "the calls' shards on node 1: " + onOne + ", on node 2: " + onTwo);
      } finally {
        if (two != null) {
          two.close();
        }
        one.close();
      }
    }
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
}
