package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.auth.DigestAlgorithm;
import io.parley.auth.Ha1;
import io.parley.auth.IpNetwork;
import io.parley.cluster.ChangeNotices;
import io.parley.config.ConfigLoader;
import io.parley.registrar.DigestUa;
import io.parley.transport.Transport;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one cluster on one PostgreSQL (DESIGN.md, Cluster): a subscriber, a password, a
 * domain and a trusted peer changed through either node's management HTTP hold on the other
 * within a second, told by a change notice. The periodic re-read is set to an hour here, so
 * without the notices every step below would wait for it and fail.
 */
class ProvisioningAcrossNodesTest {
  /** The poll's deadline, far below the periodic re-read: not a measure of speed. */
  private static final Duration WITHIN = Duration.ofSeconds(1);
  private static final String CONTACT = "<sip:alice@127.0.0.1:5099>";

  @Test
  void aChangeThroughOneNodeHoldsOnTheOtherWithinASecond() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      Node one = Node.start(config(pg, "[]"));
      try {
        Node two = Node.start(config(pg, "[\"" + one.system().address() + "\"]"));
        try {
          awaitJoined(one, two);
          ManagementHttp http1 = new ManagementHttp(one);
          ManagementHttp http2 = new ManagementHttp(two);

          // a subscriber added through node 1 registers through node 2 (RFC 3261 §22.2)
          ManagementHttp.Answer added = http1.send("POST", "/subscribers",
              "{\"aor\":\"alice@example.com\",\"password\":\"first\"}");
          assertEquals(201, added.status(), added.body());
          poll("alice added through node 1 is known to node 2",
              () -> two.subscriberCache().find("alice", "example.com").isPresent());
          try (SipProbe probe = new SipProbe(two.sipAddresses(Transport.UDP).get(0))) {
            TestRegister.registerWithDigest(probe, "alice", "first", "example.com", CONTACT);
          }

          // her password changed through node 2: node 1 refuses the old one and takes the new
          ManagementHttp.Answer changed = http2.send("PUT", "/subscribers/alice@example.com",
              "{\"password\":\"second\"}");
          assertEquals(200, changed.status(), changed.body());
          Optional<String> newHa1 = Optional.of(Ha1.compute(DigestAlgorithm.MD5, "alice", "example.com", "second"));
          poll("the password changed through node 2 holds on node 1",
              () -> newHa1.equals(one.subscriberCache().ha1("alice", "example.com", DigestAlgorithm.MD5)));
          try (SipProbe probe = new SipProbe(one.sipAddresses(Transport.UDP).get(0))) {
            String challenge = TestRegister.of("alice", "example.com", "pw-1").contact(CONTACT).sendFrom(probe);
            assertEquals(401, SipProbe.status(challenge), challenge);
            String refused = TestRegister.of("alice", "example.com", "pw-1").cseq(2).contact(CONTACT)
                .authorization(DigestUa.authorization(DigestAlgorithm.MD5, "alice", "first", "example.com",
                    DigestUa.nonceIn(challenge), "sip:example.com", 1))
                .sendFrom(probe);
            assertEquals(401, SipProbe.status(refused), "the old password, " + refused);
            String ok = TestRegister.of("alice", "example.com", "pw-1").cseq(3).contact(CONTACT)
                .authorization(DigestUa.authorization(DigestAlgorithm.MD5, "alice", "second", "example.com",
                    DigestUa.nonceIn(refused), "sip:example.com", 1))
                .sendFrom(probe);
            assertEquals(200, SipProbe.status(ok), "the new password, " + ok);
          }

          // a domain added through node 1 is served by node 2; removed through node 2, node 1
          // stops serving it (RFC 3261 §10.3 step 1: 401 for ours, 403 for somebody else's)
          try (SipProbe probe1 = new SipProbe(one.sipAddresses(Transport.UDP).get(0));
              SipProbe probe2 = new SipProbe(two.sipAddresses(Transport.UDP).get(0))) {
            assertEquals(403, registerStatus(probe2, "example.org"), "not served yet");
            ManagementHttp.Answer domain = http1.send("POST", "/domains", "{\"name\":\"example.org\"}");
            assertEquals(201, domain.status(), domain.body());
            poll("example.org added through node 1 is served by node 2", () -> registerStatus(probe2, "example.org") == 401);
            assertEquals(401, registerStatus(probe1, "example.org"));
            ManagementHttp.Answer removed = http2.send("DELETE", "/domains/example.org", null);
            assertEquals(204, removed.status(), removed.body());
            poll("example.org removed through node 2 is no longer served by node 1",
                () -> registerStatus(probe1, "example.org") == 403);
          }

          // a trusted peer added through node 2 is trusted by node 1
          ManagementHttp.Answer peer = http2.send("POST", "/trusted-peers",
              "{\"network\":\"192.0.2.0/24\",\"description\":\"pbx\"}");
          assertEquals(201, peer.status(), peer.body());
          poll("the peer added through node 2 is trusted by node 1",
              () -> one.trustedPeers().isTrusted(IpNetwork.parseAddress("192.0.2.7")));

          ChangeNotices.Stats stats1 = one.provisioningNotices().stats();
          ChangeNotices.Stats stats2 = two.provisioningNotices().stats();
          assertTrue(stats1.sent() >= 2 && stats2.sent() >= 3, stats1 + " " + stats2);
          // each node hears its own notices and the other's
          assertTrue(stats1.received() >= stats1.sent() + stats2.sent() - 1, stats1 + " " + stats2);
          assertEquals(0, stats1.reloadsFailed() + stats2.reloadsFailed(), stats1 + " " + stats2);
        } finally {
          two.close();
        }
      } finally {
        one.close();
      }
    }
  }

  private static Config config(PostgresServer pg, String seeds) {
    return ConfigLoader.layered(ConfigFactory.parseString("""
        parley.domains = ["example.com"]
        parley.sip.listen = ["udp:127.0.0.1:0"]
        parley.sip.timers.t1 = 100ms
        parley.cluster.port = 0
        parley.cluster.seed-nodes = %s
        parley.provisioning.refresh-interval = 1h
        pekko.management.http.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        parley.storage.jdbc-url = "%s"
        parley.storage.user = "postgres"
        parley.storage.password = ""
        """.formatted(seeds, pg.jdbcUrl())));
  }

  /** Both nodes Up, and each node's topic knows the other's: a notice now reaches both. */
  private static void awaitJoined(Node one, Node two) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (up(one) == 2 && up(two) == 2 && reach(one) == 2 && reach(two) == 2) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the two nodes did not form a cluster whose topics know each other: up " + up(one)
        + "/" + up(two) + ", topic instances " + reach(one) + "/" + reach(two));
  }

  private static long up(Node node) {
    return StreamSupport.stream(Cluster.get(node.system()).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up()).count();
  }

  private static int reach(Node node) throws Exception {
    return node.provisioningNotices().reach(Duration.ofSeconds(3)).toCompletableFuture().get().nodes();
  }

  private static int registerStatus(SipProbe probe, String domain) throws Exception {
    String answer = TestRegister.of("someone", domain, "dom-" + System.nanoTime())
        .contact("<sip:someone@127.0.0.1:5099>").sendFrom(probe);
    return SipProbe.status(answer);
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  /** Polls until {@code condition} holds, for at most {@link #WITHIN}. */
  private static void poll(String what, Check condition) throws Exception {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WITHIN.toMillis() + " ms: " + what);
      }
      Thread.sleep(10);
    }
  }
}
