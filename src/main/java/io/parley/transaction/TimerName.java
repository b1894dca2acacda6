package io.parley.transaction;

/**
 * The timers of the transaction state machines (RFC 3261 §17 and Table 4 of its appendix A;
 * RFC 6026 §8.4 and §8.7 add L and M). A machine starts and cancels them through
 * {@link TransactionOutput} and is told through {@code onTimer} when one fires.
 */
public enum TimerName {
  /** INVITE request retransmission, unreliable transports only (RFC 3261 §17.1.1.2). */
  A,
  /** INVITE client transaction timeout in the Calling state (RFC 3261 §17.1.1.2). */
  B,
  /** Wait time for final response retransmissions in Completed, client INVITE (RFC 3261 §17.1.1.2). */
  D,
  /** Non-INVITE request retransmission, unreliable transports only (RFC 3261 §17.1.2.2). */
  E,
  /** Non-INVITE client transaction timeout (RFC 3261 §17.1.2.2). */
  F,
  /** INVITE final response retransmission, unreliable transports only (RFC 3261 §17.2.1). */
  G,
  /** Wait time for the ACK to a non-2xx final response (RFC 3261 §17.2.1). */
  H,
  /** Wait time for ACK retransmissions in Confirmed (RFC 3261 §17.2.1). */
  I,
  /** Wait time for non-INVITE request retransmissions in Completed (RFC 3261 §17.2.2). */
  J,
  /** Wait time for non-INVITE response retransmissions in Completed (RFC 3261 §17.1.2.2). */
  K,
  /** Wait time in Accepted, server INVITE: absorbs INVITE retransmissions (RFC 6026 §8.7). */
  L,
  /** Wait time in Accepted, client INVITE: passes further 2xx up (RFC 6026 §8.4). */
  M,
  /** The 200 ms after which a server INVITE transaction sends 100 Trying itself (RFC 3261 §17.2.1). */
  TRYING_100
}
