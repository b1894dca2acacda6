package io.parley.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.transaction.TransactionActor.Command;
import io.parley.transaction.TransactionActor.Event;
import io.parley.transaction.TransactionActor.RequestRetransmitted;
import io.parley.transaction.TransactionActor.TransactionTerminated;
import io.parley.transaction.TransactionActor.TuResponded;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What the transaction actors count of themselves ({@link TransactionStats}), under ManualTime:
 * live from start to stop, retransmissions absorbed and sent, and a server INVITE transaction's
 * first response timed once.
 */
class TransactionStatsTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

  private final TestProbe<String> transport = testKit.createTestProbe();
  private final TestProbe<Event> parent = testKit.createTestProbe();
  private final List<Long> firstResponses = new CopyOnWriteArrayList<>();
  private final TransactionStats stats = new TransactionStats(firstResponses::add);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private ActorRef<Command<String>> spawn(Function<TransactionOutput<String>, ? extends TransactionMachine<String>> machine) {
    return testKit.spawn(TransactionActor.create(machine, transport.ref()::tell, m -> { }, parent.ref(),
        Function.identity(), stats));
  }

  @Test
  void aClientTransactionIsLiveUntilItStopsAndCountsWhatTimerEResent() {
    ActorRef<Command<String>> tx = spawn(out -> new ClientNonInviteTransaction<>("OPTIONS", false,
        TimerSettings.DEFAULT, out));
    transport.expectMessage("OPTIONS");
    assertEquals(new TransactionStats.Snapshot(1, 1, 0, 0), stats.snapshot());
    manualTime.timePasses(Duration.ofMillis(500)); // Timer E: RFC 3261 §17.1.2.2
    transport.expectMessage("OPTIONS");
    manualTime.timePasses(Duration.ofMillis(1000));
    transport.expectMessage("OPTIONS");
    // the actor counts a timer's sends once its handler has sent them: after the message is out
    transport.awaitAssert(() -> {
      assertEquals(2, stats.snapshot().retransmissionsSent());
      return null;
    });
    manualTime.timePasses(Duration.ofSeconds(32)); // Timer F
    parent.expectMessageClass(TransactionActor.TransactionTimedOut.class);
    parent.expectMessage(new TransactionTerminated());
    parent.expectTerminated(tx);
    assertEquals(0, stats.snapshot().live());
    assertEquals(1, stats.snapshot().started());
  }

  @Test
  void aServerInviteTransactionTimesItsFirstResponseOnlyAndCountsAbsorbedRetransmissions() {
    ActorRef<Command<String>> tx = spawn(out -> new ServerInviteTransaction<>(true, TimerSettings.DEFAULT,
        InviteRules.RFC_6026, null, out));
    tx.tell(new TuResponded<>(100, "100 Trying"));
    transport.expectMessage("100 Trying");
    tx.tell(new RequestRetransmitted<>());
    transport.expectMessage("100 Trying"); // the last provisional again (RFC 3261 §17.2.1)
    tx.tell(new TuResponded<>(180, "180 Ringing"));
    transport.expectMessage("180 Ringing");
    assertEquals(1, firstResponses.size(), firstResponses.toString());
    assertEquals(1, stats.snapshot().retransmissionsAbsorbed());
    assertEquals(0, stats.snapshot().retransmissionsSent(), "a response to a retransmission is not sent on a timer");
    tx.tell(new TuResponded<>(486, "486 Busy Here"));
    transport.expectMessage("486 Busy Here");
    tx.tell(new TransactionActor.AckReceived<>("ACK")); // reliable: Timer I is 0, the transaction ends
    parent.expectMessage(new TransactionTerminated());
    parent.expectTerminated(tx);
    assertEquals(0, stats.snapshot().live());
    assertEquals(1, firstResponses.size());
  }
}
