package io.parley.transaction;

import java.time.Duration;
import java.util.Objects;

/**
 * The INVITE client transaction of RFC 3261 §17.1.1 (figure 5), with RFC 6026's Accepted
 * state by default.
 *
 * <pre>
 *   Calling --1xx--> Proceeding --300-699, ACK sent--> Completed --Timer D--> Terminated
 *      |  \--300-699, ACK sent--------------------------^
 *      |  \--2xx--> Accepted (RFC 6026) --Timer M--> Terminated   [RFC 3261: Terminated at once]
 *      \--Timer B, transport error--> Terminated
 * </pre>
 *
 * <p>With {@link InviteRules#RFC_6026} (the default for a proxy) a 2xx moves the transaction to
 * Accepted for Timer M = 64*T1, and every further 2xx — from other forks, or retransmitted — is
 * passed up too, because a proxy must forward every 2xx (RFC 6026 §8.4, RFC 3261 §16.7 step 5).
 * With {@link InviteRules#RFC_3261} the first 2xx terminates the transaction (RFC 3261
 * §17.1.1.2) and later ones are the TU's to handle as stray responses. The ACK for a 2xx is
 * never sent here: it belongs to the TU (RFC 3261 §13.2.2.4).
 *
 * @param <M> the SIP message type
 */
public final class ClientInviteTransaction<M> extends ClientTransaction<M> {

  /** The states of figure 5, and RFC 6026's Accepted. */
  public enum State { CALLING, PROCEEDING, ACCEPTED, COMPLETED, TERMINATED }

  private final M invite;
  private final AckFactory<M> acks;
  private final InviteRules rules;
  private State state = State.CALLING;
  private Duration timerA;
  private M ack;

  /**
   * @param invite the INVITE to send, passed to the transport unchanged on each retransmission
   * @param reliable whether the transport is reliable: no Timer A, Timer D zero
   * @param acks builds the ACK for a non-2xx final response (RFC 3261 §17.1.1.3)
   */
  public ClientInviteTransaction(M invite, boolean reliable, TimerSettings timers, InviteRules rules,
      AckFactory<M> acks, TransactionOutput<M> out) {
    super(reliable, timers, out);
    this.invite = Objects.requireNonNull(invite, "invite");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.acks = Objects.requireNonNull(acks, "acks");
  }

  /**
   * Sends the INVITE in Calling: Timer A (T1) on unreliable transports only, Timer B (64*T1)
   * always (RFC 3261 §17.1.1.2).
   */
  @Override
  void begin() {
    if (!reliable) {
      timerA = timers.timerA();
      startTimer(TimerName.A, timerA);
    }
    startTimer(TimerName.B, timers.timerB());
    out.send(invite);
  }

  /**
   * RFC 3261 §17.1.1.2: in Calling or Proceeding a 1xx is passed up and leads to Proceeding
   * (retransmissions stop: Timers A and B are cancelled, Timer B only guarding Calling); a
   * 300–699 is passed up, ACKed, and leads to Completed with Timer D; a 2xx is passed up and
   * leads to Accepted (RFC 6026 §8.4) or Terminated. In Completed a retransmitted final response
   * is ACKed again and not passed up; in Accepted a 2xx is passed up (RFC 6026 §8.4). Anything
   * else is absorbed rather than passed up as a stray response (compare RFC 6026 §7.2).
   */
  @Override
  public void onResponse(int status, M response) {
    checkStatus(status);
    switch (state) {
      case CALLING, PROCEEDING -> {
        if (isProvisional(status)) {
          enterProceeding(response);
        } else if (isSuccess(status)) {
          accept(response);
        } else {
          complete(response);
        }
      }
      case ACCEPTED -> {
        if (isSuccess(status)) {
          out.passToTu(response);
        }
      }
      case COMPLETED -> {
        if (status >= 300) {
          out.send(ack);
        }
      }
      case TERMINATED -> { }
    }
  }

  private void enterProceeding(M provisional) {
    if (state == State.CALLING) {
      state = State.PROCEEDING;
      cancelTimer(TimerName.A);
      cancelTimer(TimerName.B);
    }
    out.passToTu(provisional);
  }

  private void accept(M success) {
    cancelTimer(TimerName.A);
    cancelTimer(TimerName.B);
    if (rules == InviteRules.RFC_6026) {
      state = State.ACCEPTED;
      startTimer(TimerName.M, timers.timerM());
      out.passToTu(success);
    } else {
      out.passToTu(success);
      end();
    }
  }

  private void complete(M failure) {
    cancelTimer(TimerName.A);
    cancelTimer(TimerName.B);
    state = State.COMPLETED;
    ack = acks.ackFor(invite, failure);
    boolean lingering = startUnlessZero(TimerName.D, timers.timerD(reliable));
    out.passToTu(failure);
    out.send(ack);
    if (!lingering) {
      end();
    }
  }

  /**
   * Timer A in Calling retransmits the INVITE and doubles, without a cap (RFC 3261 §17.1.1.2);
   * Timer B in Calling gives up (the TU acts as on a 408); Timer D in Completed and Timer M in
   * Accepted (RFC 6026 §8.4) end the transaction.
   */
  @Override
  void timerFired(TimerName timer) {
    switch (timer) {
      case A -> {
        if (state == State.CALLING) {
          timerA = timerA.multipliedBy(2);
          startTimer(TimerName.A, timerA);
          out.send(invite);
        }
      }
      case B -> {
        if (state == State.CALLING) {
          state = State.TERMINATED;
          timeOut(TimerName.B);
        }
      }
      case D, M -> end();
      default -> { }
    }
  }

  /**
   * A failed send of the INVITE (Calling) or of the ACK (Completed) ends the transaction and
   * the TU is told (RFC 3261 §17.1.4, RFC 6026 §8.4). Nothing is sent in Proceeding or
   * Accepted, so a late report of an earlier send is ignored there: a response has arrived.
   */
  @Override
  public void onTransportError() {
    if (state == State.CALLING || state == State.COMPLETED) {
      state = State.TERMINATED;
      out.transportFailed();
      terminate();
    }
  }

  private void end() {
    state = State.TERMINATED;
    terminate();
  }

  /**
   * Completed ACKs a retransmitted final response again until Timer D (RFC 3261 §17.1.1.2);
   * Accepted passes every 2xx up until Timer M (RFC 6026 §8.4).
   */
  @Override
  public Lingering<M> lingering() {
    return switch (state) {
      case COMPLETED -> new Lingering<>(ack, false, timers.timerD(reliable));
      case ACCEPTED -> new Lingering<>(null, true, timers.timerM());
      default -> null;
    };
  }

  @Override
  public State state() {
    return state;
  }
}
