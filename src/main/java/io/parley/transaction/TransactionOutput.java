package io.parley.transaction;

import java.time.Duration;

/**
 * What a transaction state machine asks of its host: send a message, pass one up to the
 * transaction user (TU), run timers, and hear how the transaction ends. The actor wrapper
 * ({@link TransactionActor}) implements it with the transport, the TU and actor timers; a test
 * implements it by recording the calls.
 *
 * <p>Calls arrive on the thread that drove the machine. A machine starts a timer before it sends
 * the message the timer guards, so whoever observes the message knows the timer is running.
 *
 * @param <M> the SIP message type
 */
public interface TransactionOutput<M> {

  /** Hands a request, response or ACK to the transport for sending. */
  void send(M message);

  /**
   * Passes a message up to the TU: a response received by a client transaction (RFC 3261
   * §17.1.1.2, §17.1.2.2), or an ACK a server INVITE transaction matched in Accepted (RFC 6026
   * §7.1). A server transaction's request, and ACK or CANCEL for it, are given to the TU by the
   * caller, not by the machine.
   */
  void passToTu(M message);

  /** Starts {@code timer} to fire once after {@code delay}, replacing a running one of that name. */
  void startTimer(TimerName timer, Duration delay);

  /** Cancels {@code timer}; a cancelled timer must not be reported to the machine. */
  void cancelTimer(TimerName timer);

  /**
   * The transaction gave up: Timer B or F on a client transaction — the TU acts as if it had
   * received a 408 (RFC 3261 §8.1.3.1, §16.7 step 2) — or Timer H on a server INVITE transaction,
   * the ACK never came (RFC 3261 §17.2.1). {@link #terminated()} follows.
   */
  void timedOut(TimerName timer);

  /**
   * The transport failed to send a message of this transaction (RFC 3261 §17.1.4, §17.2.4); the
   * TU fails over (RFC 3263). Unless the machine stays alive by RFC 6026 §7.1's rules for a
   * server INVITE transaction, {@link #terminated()} follows.
   */
  void transportFailed();

  /** The transaction reached Terminated and must be destroyed at once (RFC 3261 §17.1.1.2). */
  void terminated();
}
