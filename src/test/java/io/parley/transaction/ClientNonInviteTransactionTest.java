package io.parley.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.transaction.ClientNonInviteTransaction.State;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientNonInviteTransactionTest {

  private final RecordingOutput out = new RecordingOutput();

  private ClientNonInviteTransaction<String> started(boolean reliable) {
    var tx = new ClientNonInviteTransaction<>("OPTIONS", reliable, TimerSettings.DEFAULT, out);
    out.attach(tx);
    tx.start();
    return tx;
  }

  @Test
  void startSendsTheRequestInTryingWithTimersEAndF() {
    var tx = started(false);
    assertEquals(List.of("start E 500", "start F 32000", "send OPTIONS"), out.take());
    assertEquals(State.TRYING, tx.state());
  }

  @Test
  void timerEDoublesUpToT2InTryingUntilTimerFTimesOut() {
    var tx = started(false);
    out.advance(31_999);
    assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L),
        out.sendTimesOf("OPTIONS"));
    out.take();
    out.advance(1);
    assertEquals(List.of("timedOut F", "cancel E", "terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void inProceedingTimerEIsT2AndTimerFStillTimesOut() {
    var tx = started(false);
    out.advance(600); // Timer E fired at 500, next due at 1500
    out.take();
    tx.onResponse(100, "100");
    assertEquals(List.of("tu 100"), out.take());
    assertEquals(State.PROCEEDING, tx.state());

    out.advance(900);
    assertEquals(List.of("start E 4000", "send OPTIONS"), out.take());
    out.advance(30_499);
    assertEquals(List.of(0L, 500L, 1500L, 5500L, 9500L, 13500L, 17500L, 21500L, 25500L, 29500L),
        out.sendTimesOf("OPTIONS"));
    out.take();
    out.advance(1);
    assertEquals(List.of("timedOut F", "cancel E", "terminated"), out.take());
  }

  @Test
  void aFinalResponseIsPassedUpAndCompletedAbsorbsRetransmissionsUntilTimerK() {
    var tx = started(false);
    tx.onResponse(180, "180");
    out.take();
    tx.onResponse(200, "200");
    assertEquals(List.of("cancel E", "cancel F", "start K 5000", "tu 200"), out.take());
    assertEquals(State.COMPLETED, tx.state());

    tx.onResponse(200, "200");
    tx.onResponse(180, "180");
    assertEquals(List.of(), out.take());
    out.advance(4_999);
    assertEquals(List.of(), out.take());
    out.advance(1);
    assertEquals(List.of("terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void aFailureFromTryingCompletesToo() {
    var tx = started(false);
    out.take();
    tx.onResponse(408, "408");
    assertEquals(List.of("cancel E", "cancel F", "start K 5000", "tu 408"), out.take());
    assertEquals(State.COMPLETED, tx.state());
  }

  @Test
  void onAReliableTransportThereIsNoTimerEAndTimerKIsZero() {
    var tx = started(true);
    assertEquals(List.of("start F 32000", "send OPTIONS"), out.take());
    tx.onResponse(200, "200");
    assertEquals(List.of("cancel F", "tu 200", "terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void onAReliableTransportTimerFTimesOut() {
    var tx = started(true);
    tx.onResponse(100, "100");
    out.take();
    out.advance(32_000);
    assertEquals(List.of("timedOut F", "terminated"), out.take());
    assertEquals(List.of(0L), out.sendTimesOf("OPTIONS"));
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void aTransportErrorInTryingOrProceedingTerminates() {
    var trying = started(false);
    out.take();
    trying.onTransportError();
    assertEquals(List.of("transportFailed", "cancel E", "cancel F", "terminated"), out.take());

    var proceeding = started(true);
    proceeding.onResponse(100, "100");
    out.take();
    proceeding.onTransportError();
    assertEquals(List.of("transportFailed", "cancel F", "terminated"), out.take());
    assertEquals(State.TERMINATED, proceeding.state());
  }

  @Test
  void aTransportErrorInCompletedIsIgnored() {
    var tx = started(false);
    tx.onResponse(200, "200");
    out.take();
    tx.onTransportError();
    assertEquals(List.of(), out.take());
    assertEquals(State.COMPLETED, tx.state());
  }

  @Test
  void rejectsStatusCodesOutsideTheSipRange() {
    var tx = started(false);
    assertThrows(IllegalArgumentException.class, () -> tx.onResponse(0, "0"));
  }
}
