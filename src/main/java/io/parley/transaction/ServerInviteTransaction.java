package io.parley.transaction;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The INVITE server transaction of RFC 3261 §17.2.1 (figure 7), with RFC 6026's Accepted state
 * by default.
 *
 * <pre>
 *   Proceeding --300-699 from TU--> Completed --ACK--> Confirmed --Timer I--> Terminated
 *      |                               \--Timer H--> Terminated (TU told)
 *      \--2xx from TU--> Accepted (RFC 6026) --Timer L--> Terminated  [RFC 3261: Terminated at once]
 * </pre>
 *
 * <p>With {@link InviteRules#RFC_6026} (the default for a proxy) a 2xx from the TU moves the
 * transaction to Accepted for Timer L = 64*T1: retransmitted INVITEs are absorbed instead of
 * looking like new requests, further 2xx from the TU are sent, a matched ACK goes to the TU, and
 * a transport error is reported without ending the transaction in Proceeding, Completed or
 * Accepted (RFC 6026 §7.1, §8.7). The 2xx itself is retransmitted by the TU, never by the
 * transaction (RFC 3261 §13.3.1.4). With {@link InviteRules#RFC_3261} the 2xx and any transport
 * error terminate the transaction (RFC 3261 §17.2.1, §17.2.4).
 *
 * <p>100 Trying: the transaction must send one unless the TU answers within 200 ms, and may send
 * one at any time (RFC 3261 §17.2.1). A proxy sends it at once ({@link #sendTrying}); a UAS that
 * may be slow passes a supplier to the constructor, and the transaction sends the 100 itself
 * when the TU has sent nothing within 200 ms (Timer {@link TimerName#TRYING_100}).
 *
 * @param <M> the SIP message type
 */
public final class ServerInviteTransaction<M> extends ServerTransaction<M> {

  /** The states of figure 7, and RFC 6026's Accepted. */
  public enum State { PROCEEDING, ACCEPTED, COMPLETED, CONFIRMED, TERMINATED }

  private final InviteRules rules;
  private final Supplier<? extends M> trying;
  private State state = State.PROCEEDING;
  private boolean responded;
  private M lastProvisional;
  private M finalResponse;
  private Duration timerG;

  /**
   * @param reliable whether the transport is reliable: no Timer G, Timer I zero
   * @param trying builds the 100 Trying to send if the TU is silent for 200 ms; {@code null} when
   *     the TU sends its own 100 (a proxy, at once)
   */
  public ServerInviteTransaction(boolean reliable, TimerSettings timers, InviteRules rules,
      Supplier<? extends M> trying, TransactionOutput<M> out) {
    super(reliable, timers, out);
    this.rules = Objects.requireNonNull(rules, "rules");
    this.trying = trying;
  }

  /** Starts the 200 ms 100 Trying timer when a supplier was given (RFC 3261 §17.2.1). */
  @Override
  void begin() {
    if (trying != null && !responded) {
      startTimer(TimerName.TRYING_100, TimerSettings.TRYING_DELAY);
    }
  }

  /** Sends a 100 Trying now, as a proxy does: a provisional response like any other of the TU. */
  public void sendTrying(M trying100) {
    onTuResponse(100, trying100);
  }

  /**
   * RFC 3261 §17.2.1: a retransmitted INVITE gets the last provisional response again in
   * Proceeding and the final response again in Completed; it is absorbed in Confirmed, and in
   * Accepted (RFC 6026 §7.1), not passed to the TU.
   */
  @Override
  public void onRequestRetransmission() {
    if (state == State.PROCEEDING && lastProvisional != null) {
      out.send(lastProvisional);
    } else if (state == State.COMPLETED) {
      out.send(finalResponse);
    }
  }

  /**
   * RFC 3261 §17.2.1: in Proceeding a 1xx is sent; a 2xx is sent and leads to Accepted with
   * Timer L (RFC 6026 §8.7) or Terminated; a 300–699 is sent and leads to Completed with Timer G
   * (unreliable transports only) and Timer H. In Accepted a further 2xx is sent (RFC 6026 §7.1).
   * Anything else is discarded: the final response has been chosen.
   */
  @Override
  public void onTuResponse(int status, M response) {
    checkStatus(status);
    if (state == State.ACCEPTED && isSuccess(status)) {
      out.send(response);
      return;
    }
    if (state != State.PROCEEDING) {
      return;
    }
    responded = true;
    cancelTimer(TimerName.TRYING_100);
    if (isProvisional(status)) {
      lastProvisional = response;
      out.send(response);
    } else if (isSuccess(status)) {
      if (rules == InviteRules.RFC_6026) {
        state = State.ACCEPTED;
        startTimer(TimerName.L, timers.timerL());
        out.send(response);
      } else {
        out.send(response);
        end();
      }
    } else {
      state = State.COMPLETED;
      finalResponse = response;
      if (!reliable) {
        timerG = timers.timerG();
        startTimer(TimerName.G, timerG);
      }
      startTimer(TimerName.H, timers.timerH());
      out.send(response);
    }
  }

  /**
   * An ACK matched to this transaction (RFC 3261 §17.2.3). In Completed it leads to Confirmed,
   * where Timer I absorbs ACK retransmissions (RFC 3261 §17.2.1); in Confirmed it is absorbed;
   * in Accepted it is passed to the TU (RFC 6026 §7.1).
   */
  public void onAck(M ack) {
    if (state == State.COMPLETED) {
      cancelTimer(TimerName.G);
      cancelTimer(TimerName.H);
      state = State.CONFIRMED;
      if (!startUnlessZero(TimerName.I, timers.timerI(reliable))) {
        end();
      }
    } else if (state == State.ACCEPTED) {
      out.passToTu(ack);
    }
  }

  /**
   * Timer G in Completed retransmits the final response, its interval doubling up to T2; Timer
   * H in Completed means the ACK never came: the TU is told (RFC 3261 §17.2.1). Timer I in
   * Confirmed and Timer L in Accepted (RFC 6026 §8.7) end the transaction. The 100 Trying timer
   * sends the 100 if the TU is still silent.
   */
  @Override
  void timerFired(TimerName timer) {
    switch (timer) {
      case TRYING_100 -> {
        if (state == State.PROCEEDING && !responded) {
          lastProvisional = trying.get();
          responded = true;
          out.send(lastProvisional);
        }
      }
      case G -> {
        if (state == State.COMPLETED) {
          timerG = timers.doubledUpToT2(timerG);
          startTimer(TimerName.G, timerG);
          out.send(finalResponse);
        }
      }
      case H -> {
        if (state == State.COMPLETED) {
          state = State.TERMINATED;
          timeOut(TimerName.H);
        }
      }
      case I, L -> end();
      default -> { }
    }
  }

  /**
   * A failed send of a response. RFC 3261 §17.2.1 and §17.2.4: the TU is told and the
   * transaction ends. RFC 6026 §7.1 (figure 7): the TU is told and the transaction stays, so
   * that retransmitted INVITEs are still absorbed; Timer H or L ends it. Nothing is sent in
   * Confirmed.
   */
  @Override
  public void onTransportError() {
    if (state == State.TERMINATED || state == State.CONFIRMED) {
      return;
    }
    out.transportFailed();
    if (rules == InviteRules.RFC_3261) {
      end();
    }
  }

  private void end() {
    state = State.TERMINATED;
    terminate();
  }

  /**
   * Accepted absorbs retransmitted INVITEs until Timer L (RFC 6026 §7.1, §8.7); Confirmed absorbs
   * ACKs until Timer I (RFC 3261 §17.2.1).
   */
  @Override
  public Lingering<M> lingering() {
    return switch (state) {
      case ACCEPTED -> new Lingering<>(null, false, timers.timerL());
      case CONFIRMED -> new Lingering<>(null, false, timers.timerI(reliable));
      default -> null;
    };
  }

  @Override
  public State state() {
    return state;
  }
}
