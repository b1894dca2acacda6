package io.parley.transaction;

/**
 * A client transaction (RFC 3261 §17.1): it sends a request and receives its responses.
 *
 * @param <M> the SIP message type
 */
public abstract sealed class ClientTransaction<M> extends TransactionMachine<M>
    permits ClientInviteTransaction, ClientNonInviteTransaction {

  ClientTransaction(boolean reliable, TimerSettings timers, TransactionOutput<M> out) {
    super(reliable, timers, out);
  }

  /**
   * A response the caller matched to this transaction (RFC 3261 §17.1.3).
   *
   * @param status the response's status code, 100–699
   * @throws IllegalArgumentException for a status outside 100–699
   */
  public abstract void onResponse(int status, M response);
}
