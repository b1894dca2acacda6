package io.parley.call;

import static io.parley.call.Wire.assertStart;
import static io.parley.call.Wire.find;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.call.RecordingSender.Sent;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogState;
import io.parley.dialog.HangUp;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;

/**
 * A confirmed call whose transactions are over leaves its entity ({@link ParkedCalls}): the
 * entity asks its shard to passivate it once the dialog is in the store, parks the dialog as it
 * stops, and the next entity of the Call-ID takes it back, for the call's next request or at its
 * next timeout, which comes through sharding ({@link CallEntity.Unpark}) as a timer of the entity's
 * own would have.
 */
class ParkedCallTest extends DialogEntityTestBase {
  private final TestProbe<CallEntity.Unpark> wakes = testKit.createTestProbe();
  private final TestProbe<Void> watcher = testKit.createTestProbe();

  /** Answered, stored after persist-after (5 s), idle after Timers L and M (32 s), stopped: parked. */
  private String parkedCall(String inviteExtra, String... answerExtra) {
    entityId = CallMessages.CALL_ID;
    start(settings(HOUR, Duration.ZERO));
    fixture.services.parked.wakeThrough((callId, call) -> wakes.ref().tell(new CallEntity.Unpark(call)));
    String ours = establish(inviteExtra, answerExtra);
    event(Confirmed.class);
    // not before the store has it: a restart would lose it
    manualTime.expectNoMessageFor(Duration.ofSeconds(5), shard);
    assertEquals(DialogState.CONFIRMED, ((Confirmed) stored.receiveMessage()).dialog().state());
    manualTime.timePasses(Duration.ofSeconds(28));
    assertEquals(new ClusterSharding.Passivate<>(entity), shard.receiveMessage());
    entity.tell(CallEntity.Stop.INSTANCE); // as the shard does next
    watcher.expectTerminated(entity);
    assertEquals(1, fixture.services.parked.size());
    probe.expectNoMessage(Duration.ZERO);
    events.expectNoMessage(Duration.ZERO);
    return ours;
  }

  @Test
  void theCallersByeWakesAParkedCallWhichEndsAsIfItHadNeverLeft() {
    String ours = parkedCall("");
    entity = spawn(CallMessages.CALL_ID);
    entity.tell(fixture.fromCaller(inDialog("BYE", 8, ours, "")));
    Sent bye = probe.receiveMessage();
    assertStart("BYE sip:bob@127.0.0.1:5072 SIP/2.0", bye);
    assertEquals(NEXT_HOP, bye.to().getPort());
    assertEquals(0, fixture.services.parked.size());
    assertEquals(HangUp.CALLER, event(Ended.class).call().endedBy());
    // the store kept it: it hears of the end
    assertEquals(HangUp.CALLER, ((Ended) stored.receiveMessage()).call().endedBy());
    entity.tell(fixture.response(Uas.answer(bye, 200, "OK", null), bye.to()));
    assertStart("SIP/2.0 200 OK", probe.receiveMessage());
    wakes.expectNoMessage(Duration.ZERO);
  }

  @Test
  void theMaxDurationWakesAParkedCallAndEndsItWithOneByeToEachSide() {
    parkedCall("");
    // the clocks: the deadline is the answer's wall-clock time plus an hour, which ManualTime does not
    // move, so it is due an hour of scheduler time after the parking
    manualTime.timePasses(HOUR.minusSeconds(1));
    wakes.expectNoMessage(Duration.ZERO);
    manualTime.timePasses(Duration.ofSeconds(2));
    CallEntity.Unpark wake = wakes.receiveMessage();
    assertEquals(0, fixture.services.parked.size());
    entity = spawn(CallMessages.CALL_ID);
    entity.tell(wake);
    Sent[] byes = byes();
    assertByes(byes, 7, 0);
    assertEquals(HangUp.MAX_DURATION, event(Ended.class).call().endedBy());
    assertEquals(HangUp.MAX_DURATION, ((Ended) stored.receiveMessage()).call().endedBy());
    byesAnsweredThenPassivated(byes);
  }

  /** RFC 4028 §10: the session interval survives the parking; its expiry is the wake-up. */
  @Test
  void aParkedCallsSessionExpiresOnTime() {
    parkedCall("Session-Expires: 120\nSupported: timer\n", "Session-Expires", "120;refresher=uac");
    // due 120 s of scheduler time after the parking (ManualTime leaves the wall clock alone)
    manualTime.timePasses(Duration.ofSeconds(119));
    wakes.expectNoMessage(Duration.ZERO);
    manualTime.timePasses(Duration.ofSeconds(2));
    CallEntity.Unpark wake = wakes.receiveMessage();
    entity = spawn(CallMessages.CALL_ID);
    entity.tell(wake);
    assertByes(byes(), 7, 0);
    DialogInfo ended = event(Ended.class).call().dialog();
    assertEquals(DialogState.TERMINATED, ended.state());
  }

  /** An in-dialog request wakes the call; once its transaction is over the call parks again. */
  @Test
  void aParkedCallWokenByAnotherRequestParksAgain() {
    String ours = parkedCall("");
    entity = spawn(CallMessages.CALL_ID);
    entity.tell(fixture.fromCaller(inDialog("INFO", 8, ours, "")));
    Sent info = find(wire.next(1), NEXT_HOP, "INFO ");
    entity.tell(fixture.response(Uas.answer(info, 200, "OK", null), info.to()));
    assertStart("SIP/2.0 200 OK", probe.receiveMessage());
    // the INFO's server transaction ends after Timer J (64*T1 over UDP); the call parks again
    manualTime.timePasses(Duration.ofSeconds(33));
    assertEquals(new ClusterSharding.Passivate<>(entity), shard.receiveMessage());
    entity.tell(CallEntity.Stop.INSTANCE);
    watcher.expectTerminated(entity);
    assertEquals(1, fixture.services.parked.size());
    events.expectNoMessage(Duration.ZERO);
  }

  /** Pings would wake a parked call every interval: a pinged call keeps its entity. */
  @Test
  void aPingedCallIsNotParked() {
    entityId = CallMessages.CALL_ID;
    start(settings(HOUR, Duration.ofSeconds(30)));
    establish("");
    event(Confirmed.class);
    manualTime.timePasses(Duration.ofSeconds(40));
    shard.expectNoMessage(Duration.ofMillis(100));
  }
}
