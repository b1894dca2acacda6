package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.parley.admin.AdminServices;
import io.parley.admin.ReadinessCheck;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Readiness without a node: false until the node provides it and has started, false once leaving,
 * and false when the journal cannot be asked (this actor system has none).
 */
class NodeReadinessTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static boolean ready(java.util.concurrent.CompletionStage<Boolean> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void notReadyBeforeTheStartWhileLeavingOrWithoutAJournal() throws Exception {
    ReadinessCheck check = new ReadinessCheck(Adapter.toClassic(testKit.system()));
    assertFalse(ready(check.get()), "nothing provided yet: the node is starting");
    NodeReadiness readiness = new NodeReadiness(testKit.system(), "jdbc-read-journal");
    AdminServices.get(testKit.system()).provide(readiness);
    assertFalse(ready(check.get()), "provided, not started");
    readiness.started();
    assertFalse(ready(check.get()), "started, but the journal does not answer");
    readiness.leaving();
    assertFalse(ready(readiness.ready()), "leaving");
  }
}
