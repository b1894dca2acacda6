package io.parley.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.transaction.ServerInviteTransaction.State;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ServerInviteTransactionTest {

  private final RecordingOutput out = new RecordingOutput();

  private ServerInviteTransaction<String> started(boolean reliable, InviteRules rules, Supplier<String> trying) {
    var tx = new ServerInviteTransaction<>(reliable, TimerSettings.DEFAULT, rules, trying, out);
    out.attach(tx);
    tx.start();
    return tx;
  }

  private ServerInviteTransaction<String> proxy(boolean reliable) {
    return started(reliable, InviteRules.RFC_6026, null);
  }

  @Test
  void aProxySends100AtOnceAndProceedingResendsTheLastProvisional() {
    var tx = proxy(false);
    assertEquals(List.of(), out.take());
    tx.onRequestRetransmission();
    assertEquals(List.of(), out.take(), "nothing to resend yet");

    tx.sendTrying("100");
    tx.onRequestRetransmission();
    assertEquals(List.of("send 100", "send 100"), out.take());
    tx.onTuResponse(180, "180");
    tx.onRequestRetransmission();
    assertEquals(List.of("send 180", "send 180"), out.take());
    assertEquals(State.PROCEEDING, tx.state());
  }

  @Test
  void theTransactionSends100ItselfWhenTheTuIsSilentFor200Ms() {
    var tx = started(false, InviteRules.RFC_6026, () -> "100");
    assertEquals(List.of("start TRYING_100 200"), out.take());
    out.advance(199);
    assertEquals(List.of(), out.take());
    out.advance(1);
    assertEquals(List.of("send 100"), out.take());
    tx.onRequestRetransmission();
    assertEquals(List.of("send 100"), out.take());
  }

  @Test
  void aTuThatAnswersWithin200MsSuppressesThe100() {
    var tx = started(false, InviteRules.RFC_6026, () -> "100");
    out.take();
    out.advance(150);
    tx.onTuResponse(180, "180");
    assertEquals(List.of("cancel TRYING_100", "send 180"), out.take());
    out.advance(10_000);
    assertEquals(List.of(), out.take());
  }

  @Test
  void timerGRetransmitsAFailureDoublingUpToT2UntilTheAck() {
    var tx = proxy(false);
    tx.onTuResponse(486, "486");
    assertEquals(List.of("start G 500", "start H 32000", "send 486"), out.take());
    assertEquals(State.COMPLETED, tx.state());

    out.advance(12_000);
    assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 11500L), out.sendTimesOf("486"));
    tx.onRequestRetransmission();
    assertEquals(7, out.sendTimesOf("486").size(), "a retransmitted INVITE gets the response again");
    out.take();

    tx.onAck("ACK");
    assertEquals(List.of("cancel G", "cancel H", "start I 5000"), out.take());
    assertEquals(State.CONFIRMED, tx.state());
    tx.onAck("ACK");
    tx.onRequestRetransmission();
    tx.onTuResponse(200, "200");
    assertEquals(List.of(), out.take(), "Confirmed absorbs ACKs and everything else");

    out.advance(4_999);
    assertEquals(List.of(), out.take());
    out.advance(1);
    assertEquals(List.of("terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void timerHGivesUpWhenTheAckNeverComes() {
    var tx = proxy(false);
    tx.onTuResponse(503, "503");
    out.advance(31_999);
    assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L),
        out.sendTimesOf("503"));
    out.take();
    out.advance(1);
    assertEquals(List.of("timedOut H", "cancel G", "terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void onAReliableTransportThereIsNoTimerGAndTimerIIsZero() {
    var tx = proxy(true);
    tx.onTuResponse(486, "486");
    assertEquals(List.of("start H 32000", "send 486"), out.take());
    tx.onAck("ACK");
    assertEquals(List.of("cancel H", "terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void onAReliableTransportTimerHStillGivesUp() {
    var tx = proxy(true);
    tx.onTuResponse(486, "486");
    out.take();
    out.advance(32_000);
    assertEquals(List.of("timedOut H", "terminated"), out.take());
    assertEquals(List.of(0L), out.sendTimesOf("486"));
  }

  @Test
  void rfc6026AcceptedAbsorbsInvitesSendsFurther2xxAndPassesAcksUpUntilTimerL() {
    var tx = proxy(false);
    tx.onTuResponse(180, "180");
    out.take();
    tx.onTuResponse(200, "200a");
    assertEquals(List.of("start L 32000", "send 200a"), out.take());
    assertEquals(State.ACCEPTED, tx.state());

    tx.onRequestRetransmission();
    assertEquals(List.of(), out.take(), "the retransmitted INVITE is absorbed");
    tx.onTuResponse(200, "200b");
    tx.onTuResponse(486, "486");
    tx.onTuResponse(180, "180");
    assertEquals(List.of("send 200b"), out.take());
    tx.onAck("ACK");
    assertEquals(List.of("tu ACK"), out.take());

    out.advance(31_999);
    assertEquals(List.of(), out.take());
    out.advance(1);
    assertEquals(List.of("terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void rfc3261TerminatesOnThe2xx() {
    var tx = started(false, InviteRules.RFC_3261, () -> "100");
    out.take();
    tx.onTuResponse(200, "200");
    assertEquals(List.of("cancel TRYING_100", "send 200", "terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void rfc6026TransportErrorsInformTheTuButKeepTheTransaction() {
    var tx = proxy(false);
    tx.onTransportError();
    assertEquals(List.of("transportFailed"), out.take());
    assertEquals(State.PROCEEDING, tx.state());

    tx.onTuResponse(486, "486");
    out.take();
    tx.onTransportError();
    assertEquals(List.of("transportFailed"), out.take());
    assertEquals(State.COMPLETED, tx.state());
    tx.onRequestRetransmission();
    assertEquals(List.of("send 486"), out.take());

    var accepted = proxy(false);
    accepted.onTuResponse(200, "200");
    out.take();
    accepted.onTransportError();
    assertEquals(List.of("transportFailed"), out.take());
    assertEquals(State.ACCEPTED, accepted.state());
  }

  @Test
  void rfc3261TransportErrorsTerminate() {
    var proceeding = started(false, InviteRules.RFC_3261, null);
    proceeding.onTransportError();
    assertEquals(List.of("transportFailed", "terminated"), out.take());
    assertEquals(State.TERMINATED, proceeding.state());

    var completed = started(false, InviteRules.RFC_3261, null);
    completed.onTuResponse(486, "486");
    out.take();
    completed.onTransportError();
    assertEquals(List.of("transportFailed", "cancel G", "cancel H", "terminated"), out.take());
  }

  @Test
  void aTransportErrorInConfirmedIsIgnored() {
    var tx = proxy(false);
    tx.onTuResponse(486, "486");
    tx.onAck("ACK");
    out.take();
    tx.onTransportError();
    assertEquals(List.of(), out.take());
    assertEquals(State.CONFIRMED, tx.state());
  }

  @Test
  void anAckInProceedingIsIgnored() {
    var tx = proxy(false);
    tx.onAck("ACK");
    assertEquals(List.of(), out.take());
    assertEquals(State.PROCEEDING, tx.state());
  }

  @Test
  void rejectsStatusCodesOutsideTheSipRange() {
    var tx = proxy(false);
    assertThrows(IllegalArgumentException.class, () -> tx.onTuResponse(1000, "1000"));
  }
}
