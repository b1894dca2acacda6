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
 * authentication on, the default challenges: it registers.
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
}
