package io.parley.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.transaction.TransactionActor.AckReceived;
import io.parley.transaction.TransactionActor.Command;
import io.parley.transaction.TransactionActor.Event;
import io.parley.transaction.TransactionActor.GetState;
import io.parley.transaction.TransactionActor.RequestRetransmitted;
import io.parley.transaction.TransactionActor.ResponseReceived;
import io.parley.transaction.TransactionActor.TransactionLingering;
import io.parley.transaction.TransactionActor.TransactionTerminated;
import io.parley.transaction.TransactionActor.TransactionTimedOut;
import io.parley.transaction.TransactionActor.TransactionTransportFailed;
import io.parley.transaction.TransactionActor.TransportFailed;
import io.parley.transaction.TransactionActor.TuResponded;
import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The actor wrapper under Pekko's ManualTime: timers fire only when the test moves the clock.
 * Every machine starts a timer before sending the message it guards, so once a probe has seen
 * the message the clock may move; where a command sends nothing, {@link GetState} is the sign
 * that it was handled.
 */
class TransactionActorTest {

  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

  private final TestProbe<String> transport = testKit.createTestProbe();
  private final TestProbe<String> tu = testKit.createTestProbe();
  private final TestProbe<Event> parent = testKit.createTestProbe();
  private final TestProbe<Enum<?>> state = testKit.createTestProbe();

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private ActorRef<Command<String>> spawn(
      Function<TransactionOutput<String>, ? extends TransactionMachine<String>> machine) {
    return testKit.spawn(TransactionActor.create(machine, transport.ref()::tell, tu.ref()::tell, parent.ref()));
  }

  private static ClientInviteTransaction<String> clientInvite(TransactionOutput<String> out) {
    return new ClientInviteTransaction<>("INVITE", false, TimerSettings.DEFAULT, InviteRules.RFC_6026,
        (invite, response) -> "ACK", out);
  }

  /** Lets {@code millis} pass, checking that {@code probe} gets nothing before the last millisecond. */
  private static void passExactly(long millis, TestProbe<?> probe) {
    manualTime.expectNoMessageFor(Duration.ofMillis(millis - 1), probe);
    manualTime.timePasses(Duration.ofMillis(1));
  }

  @Test
  void anInviteClientRetransmitsAt500And1500And3500MsAndTimesOutAt32Seconds() {
    ActorRef<Command<String>> tx = spawn(TransactionActorTest::clientInvite);
    transport.expectMessage("INVITE");
    for (long gap : new long[] {500, 1000, 2000, 4000, 8000, 16000}) { // at 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s
      passExactly(gap, transport);
      transport.expectMessage("INVITE");
    }
    manualTime.expectNoMessageFor(Duration.ofMillis(499), transport, parent);
    manualTime.timePasses(Duration.ofMillis(1));
    parent.expectMessage(new TransactionTimedOut(TimerName.B));
    parent.expectMessage(new TransactionTerminated());
    parent.expectTerminated(tx);
    transport.expectNoMessage(Duration.ZERO);
  }

  @Test
  void anInviteClientPassesResponsesUpAndAcksAFailureUntilTimerD() {
    ActorRef<Command<String>> tx = spawn(TransactionActorTest::clientInvite);
    transport.expectMessage("INVITE");
    tx.tell(new ResponseReceived<>(180, "180 Ringing"));
    tu.expectMessage("180 Ringing");
    manualTime.expectNoMessageFor(Duration.ofSeconds(60), transport, parent);

    tx.tell(new ResponseReceived<>(486, "486 Busy Here"));
    tu.expectMessage("486 Busy Here");
    transport.expectMessage("ACK");
    // Completed: only a retransmitted final is left to ACK, which the parent may take over
    parent.expectMessage(new TransactionLingering(new Lingering<>("ACK", false, Duration.ofSeconds(32))));
    tx.tell(new ResponseReceived<>(486, "486 Busy Here"));
    transport.expectMessage("ACK");
    passExactly(32_000, parent);
    parent.expectMessage(new TransactionTerminated());
    parent.expectTerminated(tx);
    tu.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aNonInviteServerAbsorbsRetransmissionsAndTerminatesAfterTimerJ() {
    ActorRef<Command<String>> tx = spawn(out -> new ServerNonInviteTransaction<>(false, TimerSettings.DEFAULT, out));
    tx.tell(new RequestRetransmitted<>());
    tx.tell(new GetState<>(state.ref()));
    state.expectMessage(ServerNonInviteTransaction.State.TRYING);
    transport.expectNoMessage(Duration.ZERO);

    tx.tell(new TuResponded<>(200, "200 OK"));
    transport.expectMessage("200 OK");
    parent.expectMessage(new TransactionLingering(new Lingering<>("200 OK", false, Duration.ofSeconds(32))));
    tx.tell(new RequestRetransmitted<>());
    transport.expectMessage("200 OK");
    tx.tell(new RequestRetransmitted<>());
    transport.expectMessage("200 OK");
    parent.expectNoMessage(Duration.ZERO); // told once

    passExactly(32_000, parent);
    parent.expectMessage(new TransactionTerminated());
    parent.expectTerminated(tx);
  }

  @Test
  void a486FromTheTuIsRetransmittedByTimerGUntilTheAckArrives() {
    ActorRef<Command<String>> tx = spawn(
        out -> new ServerInviteTransaction<>(false, TimerSettings.DEFAULT, InviteRules.RFC_6026, null, out));
    tx.tell(new TuResponded<>(100, "100 Trying"));
    transport.expectMessage("100 Trying");
    tx.tell(new RequestRetransmitted<>());
    transport.expectMessage("100 Trying");

    tx.tell(new TuResponded<>(486, "486 Busy Here"));
    transport.expectMessage("486 Busy Here");
    for (long gap : new long[] {500, 1000, 2000, 4000, 4000}) { // doubling up to T2
      passExactly(gap, transport);
      transport.expectMessage("486 Busy Here");
    }

    tx.tell(new AckReceived<>("ACK"));
    tx.tell(new GetState<>(state.ref()));
    state.expectMessage(ServerInviteTransaction.State.CONFIRMED);
    parent.expectMessage(new TransactionLingering(new Lingering<>(null, false, Duration.ofSeconds(5))));
    passExactly(5_000, transport); // Timer I, and no more 486
    parent.expectMessage(new TransactionTerminated());
    parent.expectTerminated(tx);
    tu.expectNoMessage(Duration.ZERO);
  }

  @Test
  void anInviteServerWithoutAnAckTimesOutOnTimerH() {
    ActorRef<Command<String>> tx = spawn(
        out -> new ServerInviteTransaction<>(true, TimerSettings.DEFAULT, InviteRules.RFC_6026, null, out));
    tx.tell(new TuResponded<>(603, "603 Decline"));
    transport.expectMessage("603 Decline");
    passExactly(32_000, parent);
    parent.expectMessage(new TransactionTimedOut(TimerName.H));
    parent.expectMessage(new TransactionTerminated());
    parent.expectTerminated(tx);
    transport.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aTransportFailureIsReportedAndEndsAClientTransaction() {
    ActorRef<Command<String>> tx = spawn(out -> new ClientNonInviteTransaction<>("BYE", true, TimerSettings.DEFAULT, out));
    transport.expectMessage("BYE");
    tx.tell(new TransportFailed<>());
    parent.expectMessage(new TransactionTransportFailed());
    parent.expectMessage(new TransactionTerminated());
    parent.expectTerminated(tx);
  }

  @Test
  void aCommandForTheOtherSideIsIgnoredAndTheTransactionGoesOn() {
    ActorRef<Command<String>> tx = spawn(out -> new ClientNonInviteTransaction<>("OPTIONS", true, TimerSettings.DEFAULT, out));
    transport.expectMessage("OPTIONS");
    tx.tell(new TuResponded<>(200, "200 OK"));
    tx.tell(new AckReceived<>("ACK"));
    tx.tell(new RequestRetransmitted<>());
    tx.tell(new GetState<>(state.ref()));
    state.expectMessage(ClientNonInviteTransaction.State.TRYING);

    tx.tell(new ResponseReceived<>(200, "200 OK"));
    tu.expectMessage("200 OK");
    parent.expectMessage(new TransactionTerminated());
    parent.expectTerminated(tx);
    transport.expectNoMessage(Duration.ZERO);
  }

  record Keyed(String branch, Event event) {}

  @Test
  void theAdapterLetsTheParentKnowWhichTransactionSpeaks() {
    TestProbe<Keyed> keyed = testKit.createTestProbe();
    ActorRef<Command<String>> tx = testKit.spawn(TransactionActor.create(
        out -> new ServerNonInviteTransaction<>(true, TimerSettings.DEFAULT, out),
        transport.ref()::tell, tu.ref()::tell, keyed.ref(), event -> new Keyed("z9hG4bK776", event)));
    tx.tell(new TuResponded<>(200, "200 OK"));
    transport.expectMessage("200 OK");
    Keyed ended = keyed.receiveMessage();
    assertEquals(new Keyed("z9hG4bK776", new TransactionTerminated()), ended);
    keyed.expectTerminated(tx);
  }
}
