package io.parley.transaction;

/**
 * A server transaction (RFC 3261 §17.2): the caller gave its request to the TU and hands the
 * TU's responses to it; it absorbs retransmissions of the request.
 *
 * @param <M> the SIP message type
 */
public abstract sealed class ServerTransaction<M> extends TransactionMachine<M>
    permits ServerInviteTransaction, ServerNonInviteTransaction {

  ServerTransaction(boolean reliable, TimerSettings timers, TransactionOutput<M> out) {
    super(reliable, timers, out);
  }

  /** The caller matched a retransmission of the request to this transaction (RFC 3261 §17.2.3). */
  public abstract void onRequestRetransmission();

  /**
   * The TU's response to the request, to be sent.
   *
   * @param status the response's status code, 100–699
   * @throws IllegalArgumentException for a status outside 100–699
   */
  public abstract void onTuResponse(int status, M response);
}
