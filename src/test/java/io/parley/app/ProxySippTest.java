package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.admin.PrometheusText;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls through a running node with SIPp on both sides (RFC 3261 §16 as a stateful proxy): a
 * caller reaches callees that the static routing table names. T1 is 100 ms here so that a callee
 * that never answers times out (Timer B, 64*T1) within seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxySippTest {
  private TestNode node;
  private int answerPort;
  private int lossyPort;
  private int ringPort;
  private int busyPort;
  private int forkAnswerPort;
  private int forkRingPort;
  private int tcpPort;
  private DatagramSocket silent;
  @TempDir Path dir;

  @BeforeAll
  void start() throws Exception {
    silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    answerPort = freePort();
    lossyPort = freePort();
    ringPort = freePort();
    busyPort = freePort();
    forkAnswerPort = freePort();
    forkRingPort = freePort();
    tcpPort = freeTcp();
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.sip.timers.t1 = 100ms
        # the caller alice@example.com is believed: ProxyAuthSippTest covers the challenge
        parley.proxy.authenticate = off
        parley.routing.static = [
          { match = "sip:bob@example.com", target = "sip:127.0.0.1:%d" },
          { match = "sip:lossy@example.com", target = "sip:127.0.0.1:%d" },
          { match = "sip:ring@example.com", target = "sip:127.0.0.1:%d" },
          { match = "sip:busy@example.com", target = "sip:127.0.0.1:%d" },
          { match = "sip:silent@example.com", target = "sip:127.0.0.1:%d" },
          { match = "sip:fork@example.com", targets = ["sip:127.0.0.1:%d", "sip:127.0.0.1:%d"] },
          { match = "sip:tcpbob@example.com", target = "sip:127.0.0.1:%d;transport=tcp" }
        ]
        """.formatted(answerPort, lossyPort, ringPort, busyPort, silent.getLocalPort(), forkAnswerPort,
            forkRingPort, tcpPort));
  }

  @AfterAll
  void stop() throws Exception {
    silent.close();
    if (node != null) {
      node.close();
    }
  }

  @BeforeEach
  void needsSipp() {
    Sipp.require();
  }

  @Test
  void aCallIsSetUpAnsweredAndHungUp() throws Exception {
    Sipp uas = Sipp.uas("uas_answer", answerPort).expect(10).start(dir, 60);
    Sipp uac = Sipp.uac("uac_call", node.udp(), "bob").calls(10, 20).start(dir, 60);
    Sipp.assertCompleted(uac, uas);
  }

  /**
   * RFC 3261 §17: retransmissions make up for lost datagrams. The caller loses 5 % of what it
   * sends and receives: lost INVITEs and BYEs are resent by it, lost 100/180 are absorbed, a
   * lost 200 is resent by the callee through the proxy until the ACK comes. The callee runs
   * without loss: SIPp as a callee aborts a call when an INVITE retransmission (the proxy's
   * Timer A, correct here) follows a response that SIPp itself pretended to lose.
   */
  /**
   * A finished call's transactions only wait out their last timers (RFC 3261 §17: Timers J, K, L
   * and M, 64*T1 = 6.4 s here): the node keeps them as a few fields and the call entity stops at
   * once; the fields go when the timers are over, so finished calls leave nothing behind.
   */
  @Test
  void finishedCallsLeaveNoCallEntityBehind() throws Exception {
    ManagementHttp http = new ManagementHttp(node);
    PrometheusText before = PrometheusText.parse(http.send("GET", "/metrics", null).body());
    Sipp uas = Sipp.uas("uas_answer", answerPort).expect(20).start(dir, 60);
    Sipp uac = Sipp.uac("uac_call", node.udp(), "bob").calls(20, 20).start(dir, 60);
    Sipp.assertCompleted(uac, uas);
    // the INVITE opens the entity through sharding; the rest of each call (its 180, 200, ACK,
    // BYE and the BYE's 200) goes straight to it (LocalCalls)
    PrometheusText after = PrometheusText.parse(http.send("GET", "/metrics", null).body());
    String delivered = "parley_calls_messages_delivered_total";
    double straight = after.value(delivered, "way", "straight") - before.value(delivered, "way", "straight");
    double sharded = after.value(delivered, "way", "sharding") - before.value(delivered, "way", "sharding");
    assertTrue(straight >= 20 * 4, "straight: " + straight + ", through sharding: " + sharded);
    assertTrue(sharded >= 20, "through sharding: " + sharded);
    assertTrue(after.value("parley_transactions_finished") > 0,
        "right after the calls their transactions still run their timers, as fields");
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    int live = liveCallEntities();
    while (live > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      live = liveCallEntities();
    }
    assertEquals(0, live, "call entities still alive a minute after the last call ended");
    double finished = after.value("parley_transactions_finished");
    while (finished > 0 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      finished = PrometheusText.parse(http.send("GET", "/metrics", null).body()).value("parley_transactions_finished");
    }
    assertEquals(0, finished, "finished calls' transactions still held a minute after the last call ended");
  }

  private int liveCallEntities() throws Exception {
    var system = node.node.system();
    org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState state =
        org.apache.pekko.actor.typed.javadsl.AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
            org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState>ask(
            org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(system).shardState(),
            replyTo -> new org.apache.pekko.cluster.sharding.typed.GetShardRegionState(io.parley.call.CallEntity.TYPE_KEY, replyTo),
            java.time.Duration.ofSeconds(5), system.scheduler())
        .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    return state.getShards().stream().mapToInt(shard -> shard.getEntityIds().size()).sum();
  }

  @Test
  void aCallOverTcpOnBothSides() throws Exception {
    // RFC 3261 §18.3: framed by Content-Length; the proxy connects out to the callee, and the
    // callee's responses come back on that connection
    Sipp uas = Sipp.uas("uas_answer", tcpPort).transport("t1").expect(10).start(dir, 60);
    Sipp uac = Sipp.uac("uac_call", node.tcp(), "tcpbob").transport("t1").calls(10, 20).start(dir, 60);
    Sipp.assertCompleted(uac, uas);
  }

  @Test
  void everyCallCompletesDespiteFivePercentLoss() throws Exception {
    Sipp uas = Sipp.uas("uas_answer", lossyPort).expect(100).tolerateLateMessages().start(dir, 120);
    Sipp uac = Sipp.uac("uac_call", node.udp(), "lossy").calls(100, 20).lost(5).start(dir, 120);
    Sipp.assertCompleted(uac, uas);
  }

  @Test
  void aCancelWhileRingingEndsTheInviteWith487() throws Exception {
    Sipp uas = Sipp.uas("uas_ring", ringPort).expect(5).start(dir, 60);
    Sipp uac = Sipp.uac("uac_cancel", node.udp(), "ring").calls(5, 10).start(dir, 60);
    Sipp.assertCompleted(uac, uas);
  }

  @Test
  void aBusyCalleesAnswerReachesTheCaller() throws Exception {
    Sipp uas = Sipp.uas("uas_reject_486", busyPort).expect(5).start(dir, 60);
    Sipp uac = Sipp.uac("uac_final_486", node.udp(), "busy").calls(5, 10).start(dir, 60);
    Sipp.assertCompleted(uac, uas);
  }

  @Test
  void aCalleeThatNeverAnswersGivesTheCaller408() throws Exception {
    Sipp uac = Sipp.uac("uac_final_408", node.udp(), "silent").calls(2, 10).start(dir, 60);
    assertTrue(uac.succeeded(90), "caller:\n" + uac.output());
  }

  @Test
  void forkingLetsTheFirst200WinAndCancelsTheOtherBranch() throws Exception {
    Sipp answer = Sipp.uas("uas_answer", forkAnswerPort).expect(5).start(dir, 60);
    Sipp ring = Sipp.uas("uas_ring", forkRingPort).expect(5).start(dir, 60);
    Sipp uac = Sipp.uac("uac_call", node.udp(), "fork").calls(5, 5).start(dir, 60);
    Sipp.assertCompleted(uac, answer, ring);
  }

  private static int freePort() throws Exception {
    for (int i = 0; i < 20; i++) {
      try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        return udp.getLocalPort();
      }
    }
    throw new IllegalStateException("no free port");
  }

  private static int freeTcp() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
