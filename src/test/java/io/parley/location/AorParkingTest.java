package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.location.AorEntity.Command;
import io.parley.location.AorEntity.UpdateBindings;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An AOR entity parking on a node that keeps parked AORs ({@link ParkedAors}): what it leaves
 * there instead of writing, and what a request that comes between its parking and its stop does
 * to that. On the persistence testkit's journal, with manual time.
 */
class AorParkingTest {
  private static final Config CONFIG = EventSourcedBehaviorTestKit.config()
      .withFallback(PersistenceTestKitSnapshotPlugin.config())
      .withFallback(ManualTime.config())
      .withFallback(ConfigFactory.parseString("""
          pekko.actor.provider = cluster
          pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
          pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
          pekko.actor.serialization-bindings { "io.parley.common.CborSerializable" = jackson-cbor }
          pekko.actor.testkit.typed.single-expect-default = 5s
          # the cluster (for sharding's entity refs) is never joined, and manual time never runs
          # the phases' timeouts: the system terminates without them
          pekko.coordinated-shutdown.run-by-actor-system-terminate = off
          """))
      .withFallback(ConfigFactory.load());
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final long T0 = AorEntityTest.T0;

  private final ManualClock clock = new ManualClock(T0);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private void pass(Duration d) {
    clock.advance(d);
    manualTime.timePasses(d);
  }

  private static UpdateBindings refresh(long cseq, org.apache.pekko.actor.typed.ActorRef<UpdateResult> reply) {
    return new UpdateBindings(List.of(ContactUpdate.of(AorEntityTest.CONTACT, 3600)), "call-1", cseq,
        AorEntityTest.FLOW, List.of(), AorEntityTest.FLOW, reply);
  }

  @Test
  void anIdleAorLeavesItsTrueExpiryOnItsNodeWritesNothingAndARequestBeforeItsStopDropsIt() {
    var shard = testKit.<ClusterSharding.ShardCommand>createTestProbe();
    var index = testKit.<AorExpiryIndex.Command>createTestProbe();
    String aor = "parking@example.com";
    EventSourcedBehaviorTestKit<Command, AorEvent, AorState> es = EventSourcedBehaviorTestKit.create(testKit.system(),
        AorEntity.create(new EntityContext<>(AorEntity.TYPE_KEY, aor, shard.ref()), AorSettings.DEFAULT, clock,
            index.ref()));
    ParkedAors parked = ParkedAors.get(testKit.system());
    // where the stopped entity's Wake goes (it starts again wherever its shard is next)
    ClusterSharding.get(testKit.system()).init(Entity.of(AorEntity.TYPE_KEY, ctx -> Behaviors.empty()));
    index.expectMessage(new AorExpiryIndex.Untrack(aor));
    shard.receiveMessage(); // passivate-if-empty: nothing registered yet
    assertInstanceOf(UpdateResult.Updated.class, es.<UpdateResult>runCommand(reply -> refresh(1, reply)).reply());
    // a refresh within the written lease (twice 3,600 s): held in memory, not written
    pass(Duration.ofSeconds(60));
    assertEquals(0, es.<UpdateResult>runCommand(reply -> refresh(2, reply)).events().size());

    pass(Duration.ofSeconds(30));
    pass(Duration.ofSeconds(90));
    assertEquals(new AorExpiryIndex.Track(aor, T0 + 60_000 + 3_600_000, 1), index.receiveMessage());
    assertInstanceOf(ClusterSharding.Passivate.class, shard.receiveMessage());
    Binding kept = parked.parkedBindings(aor).get(0);
    assertEquals(T0 + 60_000 + 3_600_000, kept.expiresAt(), "the true expiry, not the lease");
    assertEquals(2, kept.cseq());
    assertEquals(1, es.persistenceTestKit().persistedInStorage("Aor|" + aor).size(), "nothing written as it parked");

    // a REGISTER comes before sharding stops it: what it left is out of date, and is dropped
    pass(Duration.ofSeconds(1));
    es.<UpdateResult>runCommand(reply -> refresh(3, reply));
    // (the testkit waits for the state after every command; a stopped entity has none)
    assertThrows(AssertionError.class, () -> es.runCommand(AorEntity.Stop.INSTANCE));
    assertNull(parked.parkedBindings(aor), "recovers from the journal's leases");
  }
}
