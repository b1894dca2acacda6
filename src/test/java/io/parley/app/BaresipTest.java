package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.location.AorEntity;
import io.parley.location.Binding;
import io.parley.location.Bindings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * baresip 1.0 (Debian) against a node with the default configuration — digest authentication on,
 * the default challenges — as a new user would try it: it registers, and two phones call each
 * other through the node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BaresipTest {
  /** baresip's line for a 200 to its REGISTER: {@code erin@example.com: {0/UDP/v4} 200 OK (Parley) [1 binding]}. */
  private static final Pattern REGISTERED_ERIN = registered("erin");
  private static final Pattern REGISTERED_BOB = registered("bob");

  private TestNode node;
  @TempDir Path dir;

  @BeforeAll
  void start() {
    node = TestNode.start("");
    node.node.subscriberRepository().add("alice", "example.com", "alice-secret-1");
    node.node.subscriberRepository().add("bob", "example.com", "bob-secret-2");
    node.node.subscriberRepository().add("erin", "example.com", "erin-secret-5");
    node.node.subscriberCache().refresh();
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @BeforeEach
  void needsBaresip() {
    Baresip.require();
  }

  @Test
  void registersWithTheDefaultConfiguration() throws Exception {
    try (Baresip erin = Baresip.configure(dir, "erin", "example.com", "erin-secret-5", node.udp(), "")) {
      erin.start(60);
      assertTrue(erin.awaitOutput(REGISTERED_ERIN, 20), "baresip:\n" + erin.output());
      List<Binding> bindings = bindings("erin");
      assertEquals(1, bindings.size(), bindings + "\nbaresip:\n" + erin.output());
      assertTrue(bindings.get(0).contact().contains("@127.0.0.1:" + erin.sipPort()), bindings.toString());
    }
  }

  /**
   * bob answers by himself; alice dials him through the node, and hangs up when she quits a few
   * seconds later. The INVITE is challenged (407) and answered with alice's credentials, bob's
   * 200 reaches alice, and her BYE reaches bob and is answered.
   */
  @Test
  void twoPhonesCallEachOtherThroughTheNode() throws Exception {
    try (Baresip bob = Baresip.configure(dir, "bob", "example.com", "bob-secret-2", node.udp(), ";answermode=auto");
        Baresip alice = Baresip.configure(dir, "alice", "example.com", "alice-secret-1", node.udp(), "")) {
      bob.start(60);
      assertTrue(bob.awaitOutput(REGISTERED_BOB, 20), "bob:\n" + bob.output());
      alice.start(10, "/dial sip:bob@example.com");
      boolean quit = alice.awaitExit(30);
      String outputs = "\nalice:\n" + alice.output() + "\nbob:\n" + bob.output();
      assertTrue(quit, "alice still runs" + outputs);
      String nodeAddress = "127.0.0.1:" + node.udp().getPort();
      assertTrue(alice.traced(false, t -> t.isResponse(407, "INVITE")), "challenged" + outputs);
      assertTrue(bob.traced(false, t -> t.isRequest("INVITE") && t.peer().equals(nodeAddress)), "bob rung" + outputs);
      assertTrue(bob.traced(true, t -> t.isResponse(200, "INVITE")), "bob answered" + outputs);
      assertTrue(alice.traced(false, t -> t.isResponse(200, "INVITE")), "the 200 reached alice" + outputs);
      // the node record-routed the call, so the ACK and BYE come through it too (RFC 3261 §16.6
      // step 4, §12.2.1.1); bob gets no ACK but the one for his 2xx
      assertTrue(bob.traced(false, t -> t.isRequest("ACK") && t.peer().equals(nodeAddress)),
          "alice's ACK reached bob through the node" + outputs);
      assertTrue(alice.traced(true, t -> t.isRequest("BYE")), "alice hung up" + outputs);
      assertTrue(bob.traced(false, t -> t.isRequest("BYE") && t.peer().equals(nodeAddress)),
          "the BYE reached bob through the node" + outputs);
      assertTrue(alice.traced(false, t -> t.isResponse(200, "BYE")), "the BYE was answered" + outputs);
      assertTrue(alice.output().contains("Call established: sip:bob@example.com"), outputs);
    }
  }

  private static Pattern registered(String user) {
    return Pattern.compile("(?m)^" + user + "@example\\.com: \\{\\d+/UDP/v4\\} 200 OK \\(Parley\\) \\[1 binding\\]");
  }

  private List<Binding> bindings(String user) throws Exception {
    return ClusterSharding.get(node.node.system())
        .entityRefFor(AorEntity.TYPE_KEY, AorEntity.entityId(user, "example.com"))
        .<Bindings>ask(AorEntity.GetBindings::new, Duration.ofSeconds(5)).toCompletableFuture().get().bindings();
  }
}
