package io.parley.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.parley.cluster.HomeShards;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalCalls}: the first message of an entity goes through sharding and the ones after it
 * wait until the entity takes it, then go straight, in order; a closed entry sends through
 * sharding again; a stale one gives up waiting; other homes and a stopped node always go through
 * sharding.
 */
class LocalCallsTest {
  private static final String HOME = "abc123";
  private static final String ID = HomeShards.entityId(HOME, "call-1@127.0.0.1");
  private static ActorTestKit kit;

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Object[]> sharded = new ArrayList<>();
  private final LocalCalls.Sharding sharding = (id, m) -> sharded.add(new Object[] {id, m});
  private LocalCalls calls;
  private TestProbe<CallEntity.Command> entity;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    calls = new LocalCalls(HOME, now::get);
    entity = kit.createTestProbe();
  }

  private static CallEntity.Command message() {
    return new CallEntity.EndDialog(null); // any command: told on as it is, compared by identity
  }

  @Test
  void theFirstMessageOpensTheWayAndTheOnesAfterItWaitForTheEntityToTakeIt() {
    CallEntity.Command first = message();
    CallEntity.Command second = message();
    CallEntity.Command third = message();
    calls.deliver(ID, first, sharding);
    calls.deliver(ID, second, sharding);
    calls.deliver(ID, third, sharding);
    assertEquals(1, sharded.size());
    assertSame(first, sharded.get(0)[1]);
    entity.expectNoMessage(Duration.ofMillis(50));

    calls.opened(ID, first, entity.ref());
    assertSame(second, entity.receiveMessage());
    assertSame(third, entity.receiveMessage());

    CallEntity.Command fourth = message();
    calls.deliver(ID, fourth, sharding);
    assertSame(fourth, entity.receiveMessage());
    assertEquals(1, sharded.size());
    assertEquals(new LocalCalls.Stats(1, 1, 2, 0, 1), calls.stats());
  }

  @Test
  void anEntityOpensOnlyOnItsEntrysFirstMessage() {
    CallEntity.Command first = message();
    calls.deliver(ID, first, sharding);
    calls.opened(ID, message(), entity.ref()); // e.g. a parked call woken before the first message arrived
    CallEntity.Command second = message();
    calls.deliver(ID, second, sharding);
    entity.expectNoMessage(Duration.ofMillis(50));
    calls.opened(ID, first, entity.ref());
    assertSame(second, entity.receiveMessage());
  }

  @Test
  void aClosedEntrySendsThroughShardingAgainAndTheNextIncarnationOpensAnew() {
    CallEntity.Command first = message();
    calls.deliver(ID, first, sharding);
    calls.opened(ID, first, entity.ref());
    calls.closed(ID, entity.ref());
    assertEquals(0, calls.stats().entries());

    CallEntity.Command again = message();
    calls.deliver(ID, again, sharding);
    assertEquals(2, sharded.size());
    assertSame(again, sharded.get(1)[1]);
    entity.expectNoMessage(Duration.ofMillis(50));

    TestProbe<CallEntity.Command> next = kit.createTestProbe();
    calls.closed(ID, entity.ref()); // the old incarnation's PostStop: not the new entry's to close
    calls.opened(ID, again, next.ref());
    CallEntity.Command later = message();
    calls.deliver(ID, later, sharding);
    assertSame(later, next.receiveMessage());
  }

  @Test
  void anEntryWhoseEntityNeverTakesItsFirstMessageIsGivenUpWithWhatWaits() {
    CallEntity.Command first = message();
    CallEntity.Command waiting = message();
    calls.deliver(ID, first, sharding);
    calls.deliver(ID, waiting, sharding);
    now.addAndGet(LocalCalls.OPENING_PATIENCE + TimeUnit.MILLISECONDS.toNanos(1));
    CallEntity.Command late = message();
    calls.deliver(ID, late, sharding);
    assertEquals(3, sharded.size());
    assertSame(first, sharded.get(0)[1]);
    assertSame(waiting, sharded.get(1)[1]);
    assertSame(late, sharded.get(2)[1]);
    assertEquals(1, calls.stats().stale());
    assertEquals(0, calls.stats().entries());
  }

  @Test
  void atMostSoManyWaitTheRestGoThroughSharding() {
    calls.deliver(ID, message(), sharding);
    for (int i = 0; i < LocalCalls.MAX_WAITING + 3; i++) {
      calls.deliver(ID, message(), sharding);
    }
    assertEquals(1 + 3, sharded.size());
    assertEquals(LocalCalls.MAX_WAITING, calls.stats().waited());
  }

  @Test
  void anotherHomesEntityAndAStoppedNodeAlwaysGoThroughSharding() {
    calls.deliver(HomeShards.entityId("zzz999", "call-1@127.0.0.1"), message(), sharding);
    calls.deliver(HomeShards.entityId("zzz999", "call-1@127.0.0.1"), message(), sharding);
    assertEquals(2, sharded.size());
    assertEquals(0, calls.stats().entries());

    CallEntity.Command first = message();
    calls.deliver(ID, first, sharding);
    calls.opened(ID, first, entity.ref());
    calls.stop();
    calls.deliver(ID, message(), sharding);
    assertEquals(4, sharded.size());
    entity.expectNoMessage(Duration.ofMillis(50));
  }
}
