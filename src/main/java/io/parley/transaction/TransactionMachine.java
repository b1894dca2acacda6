package io.parley.transaction;

import java.time.Duration;
import java.util.Objects;

/**
 * What the four transaction state machines of RFC 3261 §17 share: the output port, the timer
 * values, whether the transport is reliable, which timers are running, and the way into
 * Terminated. The machines are generic over the message type {@code M} and never parse: the
 * caller matches a message to its transaction (RFC 3261 §17.1.3, §17.2.3) and hands over what a
 * machine needs — a response's status code, the fact that a request was retransmitted.
 *
 * <p>A machine is not thread-safe: one thread (an actor, or the CallEntity inline) drives it.
 * Once terminated it ignores every event.
 *
 * @param <M> the SIP message type
 */
public abstract sealed class TransactionMachine<M> permits ClientTransaction, ServerTransaction {

  private static final TimerName[] TIMERS = TimerName.values();

  protected final TransactionOutput<M> out;
  protected final TimerSettings timers;
  protected final boolean reliable;

  /** One bit per {@link TimerName} ordinal: the timers started and neither fired nor cancelled. */
  private int running;
  private boolean started;
  private boolean terminated;

  TransactionMachine(boolean reliable, TimerSettings timers, TransactionOutput<M> out) {
    this.reliable = reliable;
    this.timers = Objects.requireNonNull(timers, "timers");
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Starts the machine once: a client transaction sends its request and starts its timers
   * (RFC 3261 §17.1.1.2, §17.1.2.2); a server transaction has nothing to send yet, its request
   * having been given to the TU by the caller (RFC 3261 §17.2.1, §17.2.2).
   *
   * @throws IllegalStateException when called a second time
   */
  public final void start() {
    if (started) {
      throw new IllegalStateException("transaction already started");
    }
    started = true;
    begin();
  }

  /** The machine's own start; see {@link #start()}. */
  abstract void begin();

  /**
   * A timer this machine started has fired. A timer that is not running (cancelled, or already
   * reported) is ignored, so a host may deliver a late timer message without harm.
   */
  public final void onTimer(TimerName timer) {
    int bit = 1 << timer.ordinal();
    if (terminated || (running & bit) == 0) {
      return;
    }
    running &= ~bit;
    timerFired(timer);
  }

  /** A running timer fired; {@link #onTimer} has already marked it not running. */
  abstract void timerFired(TimerName timer);

  /** The transport could not send a message of this transaction (RFC 3261 §17.1.4, §17.2.4). */
  public abstract void onTransportError();

  /**
   * What the machine still does while it only waits out its last timer; null while it does more
   * than that (or has terminated). Once a machine lingers it lingers until it terminates.
   */
  public abstract Lingering<M> lingering();

  /** The machine's state, an enum of its own: for tests, logs and the TU's decisions. */
  public abstract Enum<?> state();

  /** Whether the machine reached Terminated; its host then destroys it (RFC 3261 §17.1.1.2). */
  public final boolean isTerminated() {
    return terminated;
  }

  /** Whether the transport is reliable (TCP, TLS, SCTP, WebSocket): no retransmission timers. */
  public final boolean isReliable() {
    return reliable;
  }

  final void startTimer(TimerName timer, Duration delay) {
    running |= 1 << timer.ordinal();
    out.startTimer(timer, delay);
  }

  final void cancelTimer(TimerName timer) {
    int bit = 1 << timer.ordinal();
    if ((running & bit) != 0) {
      running &= ~bit;
      out.cancelTimer(timer);
    }
  }

  /**
   * Starts the timer of a lingering state unless it is zero: Timers D, I, J and K are zero on
   * reliable transports (RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2), and firing a zero
   * timer through the host would only add a message. The caller terminates at once instead, once
   * it has sent what the state change sends.
   *
   * @return whether the timer was started, i.e. the machine lingers
   */
  final boolean startUnlessZero(TimerName timer, Duration delay) {
    if (delay.isZero()) {
      return false;
    }
    startTimer(timer, delay);
    return true;
  }

  /** Cancels the running timers and tells the host; the subclass has set its state already. */
  final void terminate() {
    if (terminated) {
      return;
    }
    terminated = true;
    for (int bits = running; bits != 0; bits &= bits - 1) {
      out.cancelTimer(TIMERS[Integer.numberOfTrailingZeros(bits)]);
    }
    running = 0;
    out.terminated();
  }

  /** Gives up on Timer B, F or H: the TU is told, then the machine terminates. */
  final void timeOut(TimerName timer) {
    out.timedOut(timer);
    terminate();
  }

  /** Status codes are 100–699 (RFC 3261 §7.2, §21); the parser rejects others. */
  static int checkStatus(int status) {
    if (status < 100 || status > 699) {
      throw new IllegalArgumentException("not a SIP status code: " + status);
    }
    return status;
  }

  static boolean isProvisional(int status) {
    return status < 200;
  }

  static boolean isSuccess(int status) {
    return status >= 200 && status < 300;
  }
}
