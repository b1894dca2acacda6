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
  /** baresip's line for a 200 to its REGISTER: {@code alice@example.com: {0/UDP/v4} 200 OK (Parley) [1 binding]}. */
  private static final Pattern REGISTERED_ALICE = registered("alice");
  private static final Pattern REGISTERED_BOB = registered("bob");

  private TestNode node;
  @TempDir Path dir;

  @BeforeAll
  void start() {
    node = TestNode.start("");
    node.node.subscriberRepository().add("alice", "example.com", "alice-secret-1");
    node.node.subscriberRepository().add("bob", "example.com", "bob-secret-2");
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
    try (Baresip alice = Baresip.configure(dir, "alice", "example.com", "alice-secret-1", node.udp(), "")) {
      alice.start(60);
      assertTrue(alice.awaitOutput(REGISTERED_ALICE, 20), "baresip:\n" + alice.output());
      List<Binding> bindings = bindings("alice");
      assertEquals(1, bindings.size(), bindings + "\nbaresip:\n" + alice.output());
      assertTrue(bindings.get(0).contact().contains("@127.0.0.1:" + alice.sipPort()), bindings.toString());
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
