package io.parley.transaction;

/**
 * The non-INVITE server transaction of RFC 3261 §17.2.2 (figure 8).
 *
 * <pre>
 *   Trying --1xx from TU--> Proceeding --200-699 from TU--> Completed --Timer J--> Terminated
 *     \--200-699 from TU-------------------------------------^
 *   transport error in Proceeding or Completed --> Terminated
 * </pre>
 *
 * @param <M> the SIP message type
 */
public final class ServerNonInviteTransaction<M> extends ServerTransaction<M> {

  /** The states of figure 8. */
  public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

  private State state = State.TRYING;
  private M lastResponse;

  /** @param reliable whether the transport is reliable: Timer J zero */
  public ServerNonInviteTransaction(boolean reliable, TimerSettings timers, TransactionOutput<M> out) {
    super(reliable, timers, out);
  }

  /** Nothing to do: the caller gave the request to the TU (RFC 3261 §17.2.2). */
  @Override
  void begin() {
  }

  /**
   * RFC 3261 §17.2.2: a retransmitted request is discarded in Trying and gets the last response
   * again in Proceeding (the last provisional) and Completed (the final).
   */
  @Override
  public void onRequestRetransmission() {
    if (state == State.PROCEEDING || state == State.COMPLETED) {
      out.send(lastResponse);
    }
  }

  /**
   * RFC 3261 §17.2.2: in Trying or Proceeding a 1xx is sent and leads to Proceeding; a final
   * response is sent and leads to Completed with Timer J (64*T1, zero on reliable transports).
   * Responses from the TU in Completed are discarded.
   */
  @Override
  public void onTuResponse(int status, M response) {
    checkStatus(status);
    if (state != State.TRYING && state != State.PROCEEDING) {
      return;
    }
    lastResponse = response;
    if (isProvisional(status)) {
      state = State.PROCEEDING;
      out.send(response);
      return;
    }
    state = State.COMPLETED;
    boolean lingering = startUnlessZero(TimerName.J, timers.timerJ(reliable));
    out.send(response);
    if (!lingering) {
      end();
    }
  }

  /** Timer J in Completed ends the transaction (RFC 3261 §17.2.2). */
  @Override
  void timerFired(TimerName timer) {
    if (timer == TimerName.J) {
      end();
    }
  }

  /** A failed send of a response: the TU is told and the transaction ends (RFC 3261 §17.2.2, §17.2.4). */
  @Override
  public void onTransportError() {
    if (state != State.TERMINATED) {
      out.transportFailed();
      end();
    }
  }

  private void end() {
    state = State.TERMINATED;
    terminate();
  }

  /** Completed: a retransmitted request gets the final response again until Timer J (RFC 3261 §17.2.2). */
  @Override
  public Lingering<M> lingering() {
    return state == State.COMPLETED ? new Lingering<>(lastResponse, false, timers.timerJ(reliable)) : null;
  }

  @Override
  public State state() {
    return state;
  }
}
