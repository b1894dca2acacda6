package io.parley.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.transaction.ClientInviteTransaction.State;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientInviteTransactionTest {

  private final RecordingOutput out = new RecordingOutput();

  private ClientInviteTransaction<String> started(boolean reliable, InviteRules rules, TimerSettings timers) {
    var tx = new ClientInviteTransaction<>("INVITE", reliable, timers, rules, (inv, resp) -> "ACK/" + resp, out);
    out.attach(tx);
    tx.start();
    return tx;
  }

  private ClientInviteTransaction<String> started(boolean reliable) {
    return started(reliable, InviteRules.RFC_6026, TimerSettings.DEFAULT);
  }

  @Test
  void startSendsTheInviteInCallingWithTimersAAndB() {
    var tx = started(false);
    assertEquals(List.of("start A 500", "start B 32000", "send INVITE"), out.take());
    assertEquals(State.CALLING, tx.state());
  }

  @Test
  void timerARetransmitsAtDoublingIntervalsWithoutCapUntilTimerBTimesOut() {
    var tx = started(false);
    out.advance(31_999);
    // intervals 500, 1000, 2000, 4000, 8000, 16000: past T2, so Timer A has no cap
    assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L), out.sendTimesOf("INVITE"));
    assertEquals(State.CALLING, tx.state());
    out.take();
    out.advance(1);
    assertEquals(List.of("timedOut B", "cancel A", "terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
    assertTrue(tx.isTerminated());
  }

  @Test
  void reliableTransportHasNoTimerAButTimerBStillTimesOut() {
    var tx = started(true);
    assertEquals(List.of("start B 32000", "send INVITE"), out.take());
    out.advance(32_000);
    assertEquals(List.of("timedOut B", "terminated"), out.take());
    assertEquals(List.of(0L), out.sendTimesOf("INVITE"));
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void aProvisionalResponseStopsRetransmissionsAndTimerB() {
    var tx = started(false);
    out.take();
    out.advance(600);
    out.take();
    tx.onResponse(100, "100");
    assertEquals(List.of("cancel A", "cancel B", "tu 100"), out.take());
    assertEquals(State.PROCEEDING, tx.state());
    tx.onResponse(180, "180");
    assertEquals(List.of("tu 180"), out.take());
    out.advance(600_000);
    assertEquals(List.of(), out.take());
    assertEquals(State.PROCEEDING, tx.state());
  }

  @Test
  void aFailureInCallingIsPassedUpAckedAndCompletedUntilTimerD() {
    var tx = started(false);
    out.take();
    tx.onResponse(486, "486");
    assertEquals(List.of("cancel A", "cancel B", "start D 32000", "tu 486", "send ACK/486"), out.take());
    assertEquals(State.COMPLETED, tx.state());

    tx.onResponse(486, "486");
    assertEquals(List.of("send ACK/486"), out.take(), "a retransmission is ACKed again, not passed up");
    tx.onResponse(200, "200");
    tx.onResponse(180, "180");
    assertEquals(List.of(), out.take());

    out.advance(31_999);
    assertEquals(List.of(), out.take());
    out.advance(1);
    assertEquals(List.of("terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void aFailureInProceedingIsAckedToo() {
    var tx = started(false);
    tx.onResponse(183, "183");
    out.take();
    tx.onResponse(603, "603");
    assertEquals(List.of("start D 32000", "tu 603", "send ACK/603"), out.take());
    assertEquals(State.COMPLETED, tx.state());
  }

  @Test
  void onAReliableTransportTimerDIsZeroSoAFailureTerminatesAtOnce() {
    var tx = started(true);
    out.take();
    tx.onResponse(404, "404");
    assertEquals(List.of("cancel B", "tu 404", "send ACK/404", "terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void timerDIsAtLeast32SecondsAnd64T1WhenThatIsLonger() {
    var fast = new TimerSettings(Duration.ofMillis(100), Duration.ofSeconds(4), Duration.ofSeconds(5));
    started(false, InviteRules.RFC_6026, fast).onResponse(500, "500");
    assertTrue(out.take().contains("start D 32000"));

    var slow = new TimerSettings(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(5));
    started(false, InviteRules.RFC_6026, slow).onResponse(500, "500");
    assertTrue(out.take().contains("start D 64000"));
  }

  @Test
  void rfc6026AcceptedPassesEveryFurther2xxUpUntilTimerM() {
    var tx = started(false);
    out.take();
    tx.onResponse(200, "200a");
    assertEquals(List.of("cancel A", "cancel B", "start M 32000", "tu 200a"), out.take());
    assertEquals(State.ACCEPTED, tx.state());

    tx.onResponse(200, "200b");
    tx.onResponse(202, "202");
    assertEquals(List.of("tu 200b", "tu 202"), out.take(), "a proxy forwards every 2xx (RFC 6026)");
    tx.onResponse(180, "180");
    tx.onResponse(486, "486");
    assertEquals(List.of(), out.take(), "no ACK for a 2xx, nothing else passed up");

    out.advance(31_999);
    assertEquals(List.of(), out.take());
    out.advance(1);
    assertEquals(List.of("terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void rfc3261TerminatesOnTheFirst2xx() {
    var tx = started(false, InviteRules.RFC_3261, TimerSettings.DEFAULT);
    tx.onResponse(180, "180");
    out.take();
    tx.onResponse(200, "200");
    assertEquals(List.of("tu 200", "terminated"), out.take());
    tx.onResponse(200, "200");
    assertEquals(List.of(), out.take());
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void aTransportErrorInCallingInformsTheTuAndTerminates() {
    var tx = started(false);
    out.take();
    tx.onTransportError();
    assertEquals(List.of("transportFailed", "cancel A", "cancel B", "terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
    out.advance(100_000);
    assertEquals(List.of(), out.take());
  }

  @Test
  void aTransportErrorSendingTheAckInCompletedTerminates() {
    var tx = started(false);
    tx.onResponse(480, "480");
    out.take();
    tx.onTransportError();
    assertEquals(List.of("transportFailed", "cancel D", "terminated"), out.take());
  }

  @Test
  void aLateTransportErrorInProceedingOrAcceptedIsIgnored() {
    var tx = started(false);
    tx.onResponse(180, "180");
    out.take();
    tx.onTransportError();
    assertEquals(List.of(), out.take());
    tx.onResponse(200, "200");
    out.take();
    tx.onTransportError();
    assertEquals(List.of(), out.take());
    assertEquals(State.ACCEPTED, tx.state());
  }

  @Test
  void aTimerThatIsNoLongerRunningIsIgnored() {
    var tx = started(false);
    tx.onResponse(180, "180");
    out.take();
    tx.onTimer(TimerName.A);
    tx.onTimer(TimerName.B);
    tx.onTimer(TimerName.D);
    assertEquals(List.of(), out.take());
    assertEquals(State.PROCEEDING, tx.state());
  }

  @Test
  void rejectsStatusCodesOutsideTheSipRangeAndASecondStart() {
    var tx = started(false);
    assertThrows(IllegalArgumentException.class, () -> tx.onResponse(99, "99"));
    assertThrows(IllegalArgumentException.class, () -> tx.onResponse(700, "700"));
    assertThrows(IllegalStateException.class, tx::start);
  }
}
