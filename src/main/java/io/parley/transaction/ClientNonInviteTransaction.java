package io.parley.transaction;

import java.time.Duration;
import java.util.Objects;

/**
 * The non-INVITE client transaction of RFC 3261 §17.1.2 (figure 6).
 *
 * <pre>
 *   Trying --1xx--> Proceeding --200-699--> Completed --Timer K--> Terminated
 *     |  \--200-699---------------------------^
 *     \--Timer F, transport error (also from Proceeding)--> Terminated
 * </pre>
 *
 * @param <M> the SIP message type
 */
public final class ClientNonInviteTransaction<M> extends ClientTransaction<M> {

  /** The states of figure 6. */
  public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

  private final M request;
  private State state = State.TRYING;
  private Duration timerE;

  /**
   * @param request the request to send, passed to the transport unchanged on each retransmission
   * @param reliable whether the transport is reliable: no Timer E, Timer K zero
   */
  public ClientNonInviteTransaction(M request, boolean reliable, TimerSettings timers,
      TransactionOutput<M> out) {
    super(reliable, timers, out);
    this.request = Objects.requireNonNull(request, "request");
  }

  /**
   * Sends the request in Trying: Timer E (T1) on unreliable transports only, Timer F (64*T1)
   * always (RFC 3261 §17.1.2.2).
   */
  @Override
  void begin() {
    if (!reliable) {
      timerE = timers.timerE();
      startTimer(TimerName.E, timerE);
    }
    startTimer(TimerName.F, timers.timerF());
    out.send(request);
  }

  /**
   * RFC 3261 §17.1.2.2: in Trying or Proceeding a 1xx is passed up and leads to (or stays in)
   * Proceeding; a final response is passed up and leads to Completed, where Timer K absorbs
   * response retransmissions. Responses in Completed are absorbed.
   */
  @Override
  public void onResponse(int status, M response) {
    checkStatus(status);
    if (state != State.TRYING && state != State.PROCEEDING) {
      return;
    }
    if (isProvisional(status)) {
      state = State.PROCEEDING;
      out.passToTu(response);
      return;
    }
    cancelTimer(TimerName.E);
    cancelTimer(TimerName.F);
    state = State.COMPLETED;
    boolean lingering = startUnlessZero(TimerName.K, timers.timerK(reliable));
    out.passToTu(response);
    if (!lingering) {
      end();
    }
  }

  /**
   * Timer E retransmits the request: in Trying its interval doubles up to T2, in Proceeding it
   * is T2 (RFC 3261 §17.1.2.2). Timer F in Trying or Proceeding gives up (the TU acts as on a
   * 408); Timer K in Completed ends the transaction.
   */
  @Override
  void timerFired(TimerName timer) {
    switch (timer) {
      case E -> {
        if (state == State.TRYING || state == State.PROCEEDING) {
          timerE = state == State.TRYING ? timers.doubledUpToT2(timerE) : timers.t2();
          startTimer(TimerName.E, timerE);
          out.send(request);
        }
      }
      case F -> {
        if (state == State.TRYING || state == State.PROCEEDING) {
          state = State.TERMINATED;
          timeOut(TimerName.F);
        }
      }
      case K -> end();
      default -> { }
    }
  }

  /**
   * A failed send (of the request or a retransmission) in Trying or Proceeding ends the
   * transaction and the TU is told (RFC 3261 §17.1.2.2, §17.1.4). Nothing is sent in Completed.
   */
  @Override
  public void onTransportError() {
    if (state == State.TRYING || state == State.PROCEEDING) {
      state = State.TERMINATED;
      out.transportFailed();
      terminate();
    }
  }

  private void end() {
    state = State.TERMINATED;
    terminate();
  }

  /** Completed absorbs retransmitted responses until Timer K (RFC 3261 §17.1.2.2). */
  @Override
  public Lingering<M> lingering() {
    return state == State.COMPLETED ? new Lingering<>(null, false, timers.timerK(reliable)) : null;
  }

  @Override
  public State state() {
    return state;
  }
}
