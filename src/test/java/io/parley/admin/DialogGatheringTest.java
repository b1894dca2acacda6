package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster-wide dialog listing over two actor systems clustered in this JVM (Artery on
 * 127.0.0.1, so the messages really cross, serialized): what both nodes hold is merged newest
 * first, cut at the asked number though a node answers in several chunks, and a member that does
 * not answer is named rather than failing the listing.
 */
class DialogGatheringTest {
  private static ActorTestKit a;
  private static ActorTestKit b;
  private static final DialogRegistry onA = new DialogRegistry();
  private static final DialogRegistry onB = new DialogRegistry();

  @BeforeAll
  static void cluster() {
    a = ActorTestKit.create("parley", config());
    b = ActorTestKit.create("parley", config());
    Cluster.get(a.system()).manager().tell(Join.create(Cluster.get(a.system()).selfMember().address()));
    Cluster.get(b.system()).manager().tell(Join.create(Cluster.get(a.system()).selfMember().address()));
    var probe = a.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(20), Duration.ofMillis(100), () -> {
      int up = 0;
      for (var m : Cluster.get(a.system()).state().getMembers()) {
        up += m.status() == MemberStatus.up() ? 1 : 0;
      }
      assertEquals(2, up);
      return null;
    });
    a.spawn(NodeDialogs.create(onA, name(a)));
    b.spawn(NodeDialogs.create(onB, name(b)));
  }

  private static com.typesafe.config.Config config() {
    return ConfigLoader.layered(ConfigFactory.parseString("""
        parley.cluster.port = 0
        pekko.cluster.seed-nodes = []
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        """));
  }

  @AfterAll
  static void stop() {
    b.shutdownTestKit();
    a.shutdownTestKit();
  }

  private static String name(ActorTestKit kit) {
    Address self = kit.system().address();
    return self.host().get() + ":" + self.port().get();
  }

  @Test
  void bothNodesDialogsAreMergedNewestFirstAndAMemberThatDoesNotAnswerIsNamed() throws Exception {
    String nameA = name(a);
    String nameB = name(b);
    // 150 on B: two chunks; 3 on A, older and newer than B's
    IntStream.range(0, 150).forEach(i -> onB.confirmed(
        Dialogs.confirmed("b" + i, "alice@example.com", "bob@example.com", 10_000 + i, nameB)));
    onA.confirmed(Dialogs.confirmed("a-old", "carol@example.com", "dave@example.org", 1, nameA));
    onA.confirmed(Dialogs.confirmed("a-new", "carol@example.com", "dave@example.org", 99_999, nameA));
    onA.confirmed(Dialogs.early("a-ringing", "carol@example.com", "erin@example.com", 50, nameA));
    ClusterDialogs cluster = new ClusterDialogs(a.system(), Duration.ofSeconds(5));
    var probe = a.createTestProbe();
    // the Receptionist spreads B's registration to A within a moment
    probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
      assertEquals(List.of(nameA, nameB).stream().sorted().toList(),
          cluster.gather(DialogQuery.of(Map.of()), 1).toCompletableFuture().get(10, TimeUnit.SECONDS).answered());
      return null;
    });

    DialogGathering.Gathered all = cluster.gather(DialogQuery.of(Map.of()), 140).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    assertEquals(153, all.total());
    assertEquals(140, all.dialogs().size());
    assertEquals("a-new", all.dialogs().get(0).callId());
    assertEquals("b149", all.dialogs().get(1).callId());
    assertEquals("b11", all.dialogs().get(139).callId());
    assertEquals(nameB, all.dialogs().get(1).node(), "as it came from B, serialized");
    assertEquals(List.of(), all.missing());

    DialogGathering.Gathered early = cluster.gather(DialogQuery.of(Map.of("state", "early")), 10)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of("a-ringing"), early.dialogs().stream().map(DialogInfo::callId).toList());
    assertEquals(1, early.total());

    DialogGathering.Gathered one = cluster.gather(DialogQuery.callId("b7"), 1).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    assertEquals(1, one.dialogs().size());
    assertEquals("sip:bob@example.com:5080", one.dialogs().get(0).finalUri());
    assertEquals(List.of("<sip:127.0.0.1:5060;lr>"), one.dialogs().get(0).callee().routeSet());

    // a third member that never answers: the listing still comes, naming it
    ActorTestKit silent = ActorTestKit.create("parley", config());
    try {
      Cluster.get(silent.system()).manager().tell(Join.create(Cluster.get(a.system()).selfMember().address()));
      silent.spawn(Behaviors.<NodeDialogs.Command>setup(ctx -> {
        ctx.getSystem().receptionist().tell(Receptionist.register(NodeDialogs.KEY, ctx.getSelf()));
        return Behaviors.ignore();
      }));
      ClusterDialogs impatient = new ClusterDialogs(a.system(), Duration.ofMillis(500));
      probe.awaitAssert(Duration.ofSeconds(20), Duration.ofMillis(200), () -> {
        DialogGathering.Gathered partial = impatient.gather(DialogQuery.of(Map.of()), 5).toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
        assertEquals(List.of(name(silent)), partial.missing());
        assertEquals(153, partial.total());
        assertEquals(5, partial.dialogs().size());
        return null;
      });
    } finally {
      silent.shutdownTestKit();
    }
  }

  @Test
  void aNodeWithNothingAnswersAnEmptyLastChunk() throws Exception {
    DialogGathering.Gathered none = new ClusterDialogs(a.system(), Duration.ofSeconds(5))
        .gather(DialogQuery.callId("nowhere"), 1).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(none.dialogs().isEmpty());
    assertEquals(0, none.total());
  }
}
