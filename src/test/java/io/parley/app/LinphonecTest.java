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
 * linphonec 5.1 (Debian linphone-cli) against a node with the default configuration — digest
 * authentication on, the default challenges: it registers, and takes a call from baresip.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinphonecTest {
  /** liblinphone's log line for a 200 to carol's REGISTER. */
  private static final Pattern REGISTERED = Pattern.compile(
      "identity \\[sip:carol@example\\.com\\] moving from state \\[LinphoneRegistrationProgress\\] to \\[LinphoneRegistrationOk\\]");

  private TestNode node;
  @TempDir Path dir;

  @BeforeAll
  void start() {
    node = TestNode.start("");
    node.node.subscriberRepository().add("carol", "example.com", "carol-secret-3");
    node.node.subscriberRepository().add("alice", "example.com", "alice-secret-1");
    node.node.subscriberRepository().add("dan", "example.com", "dan-secret-4");
    node.node.subscriberCache().refresh();
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @BeforeEach
  void needsLinphonec() {
    Linphonec.require();
  }

  @Test
  void registersWithTheDefaultConfiguration() throws Exception {
    try (Linphonec carol = Linphonec.configure(dir, "carol", "example.com", "carol-secret-3", node.udp())) {
      carol.start();
      assertTrue(carol.awaitLog(REGISTERED, 30), carol.output());
      List<Binding> bindings = ClusterSharding.get(node.node.system())
          .entityRefFor(AorEntity.TYPE_KEY, AorEntity.entityId("carol", "example.com"))
          .<Bindings>ask(AorEntity.GetBindings::new, Duration.ofSeconds(5)).toCompletableFuture().get().bindings();
      assertEquals(1, bindings.size(), bindings + "\n" + carol.output());
      assertTrue(bindings.get(0).contact().contains("@127.0.0.1:" + carol.sipPort()), bindings.toString());
    }
  }

  /** alice on baresip calls dan on linphonec, who answers by himself, and hangs up. */
  @Test
  void baresipCallsLinphonecThroughTheNode() throws Exception {
    Baresip.require();
    try (Linphonec dan = Linphonec.configure(dir, "dan", "example.com", "dan-secret-4", node.udp());
        Baresip alice = Baresip.configure(dir, "alice", "example.com", "alice-secret-1", node.udp(), "")) {
      dan.start(true);
      assertTrue(dan.awaitLog(Pattern.compile("identity \\[sip:dan@example\\.com\\] moving from state "
          + "\\[LinphoneRegistrationProgress\\] to \\[LinphoneRegistrationOk\\]"), 30), dan.output());
      alice.start(10, "/dial sip:dan@example.com");
      boolean quit = alice.awaitExit(30);
      String outputs = "\nalice:\n" + alice.output() + "\ndan:\n" + dan.output();
      assertTrue(quit, "alice still runs" + outputs);
      assertTrue(alice.traced(false, t -> t.isResponse(200, "INVITE")), "dan answered" + outputs);
      assertTrue(alice.traced(false, t -> t.isResponse(200, "BYE")), "the BYE was answered" + outputs);
      // the BYE reached dan through the node, which record-routed the call (RFC 3261 §16.6 step 4)
      String fromNode = "new bytes from [UDP://127.0.0.1:" + node.udp().getPort() + "]:";
      assertTrue(Pattern.compile(Pattern.quote(fromNode) + "\\R(?:\\R)?BYE sip:dan@").matcher(dan.log()).find(),
          "dan got the BYE from the node" + outputs);
    }
  }
}
