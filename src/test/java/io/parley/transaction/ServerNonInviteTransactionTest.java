package io.parley.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.transaction.ServerNonInviteTransaction.State;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerNonInviteTransactionTest {

  private final RecordingOutput out = new RecordingOutput();

  private ServerNonInviteTransaction<String> started(boolean reliable) {
    var tx = new ServerNonInviteTransaction<>(reliable, TimerSettings.DEFAULT, out);
    out.attach(tx);
    tx.start();
    return tx;
  }

  @Test
  void tryingDiscardsRetransmissions() {
    var tx = started(false);
    tx.onRequestRetransmission();
    assertEquals(List.of(), out.take());
    assertEquals(State.TRYING, tx.state());
  }

  @Test
  void proceedingResendsTheLastProvisionalAndCompletedTheFinalUntilTimerJ() {
    var tx = started(false);
    tx.onTuResponse(100, "100");
    assertEquals(List.of("send 100"), out.take());
    assertEquals(State.PROCEEDING, tx.state());
    tx.onTuResponse(183, "183");
    tx.onRequestRetransmission();
    assertEquals(List.of("send 183", "send 183"), out.take());

    tx.onTuResponse(200, "200");
    assertEquals(List.of("start J 32000", "send 200"), out.take());
    assertEquals(State.COMPLETED, tx.state());
    tx.onRequestRetransmission();
    assertEquals(List.of("send 200"), out.take());
    tx.onTuResponse(500, "500");
    tx.onTuResponse(180, "180");
    assertEquals(List.of(), out.take(), "later responses of the TU are discarded");

    out.advance(31_999);
    assertEquals(List.of(), out.take());
    out.advance(1);
    assertEquals(List.of("terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
    tx.onRequestRetransmission();
    assertEquals(List.of(), out.take());
  }

  @Test
  void aFinalResponseFromTryingCompletes() {
    var tx = started(false);
    tx.onTuResponse(401, "401");
    assertEquals(List.of("start J 32000", "send 401"), out.take());
    assertEquals(State.COMPLETED, tx.state());
  }

  @Test
  void onAReliableTransportTimerJIsZero() {
    var tx = started(true);
    tx.onTuResponse(200, "200");
    assertEquals(List.of("send 200", "terminated"), out.take());
    assertEquals(State.TERMINATED, tx.state());
  }

  @Test
  void aTransportErrorInformsTheTuAndTerminatesInEveryState() {
    var proceeding = started(false);
    proceeding.onTuResponse(100, "100");
    out.take();
    proceeding.onTransportError();
    assertEquals(List.of("transportFailed", "terminated"), out.take());
    assertEquals(State.TERMINATED, proceeding.state());

    var completed = started(false);
    completed.onTuResponse(200, "200");
    out.take();
    completed.onTransportError();
    assertEquals(List.of("transportFailed", "cancel J", "terminated"), out.take());

    var trying = started(false);
    trying.onTransportError();
    assertEquals(List.of("transportFailed", "terminated"), out.take());
    trying.onTransportError();
    assertEquals(List.of(), out.take());
  }
}
