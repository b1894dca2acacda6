/**
 * The transaction layer of RFC 3261 §17: the four state machines — {@link
 * io.parley.transaction.ClientInviteTransaction}, {@link
 * io.parley.transaction.ClientNonInviteTransaction}, {@link
 * io.parley.transaction.ServerInviteTransaction}, {@link
 * io.parley.transaction.ServerNonInviteTransaction} — with timers A–K and RFC 6026's L and M, as
 * plain classes generic over the message type, and {@link io.parley.transaction.TransactionActor}
 * that runs one as a typed actor.
 *
 * <p>The machines never parse. The caller (the CallEntity) matches a message to its transaction
 * (RFC 3261 §17.1.3, §17.2.3), gives the initial request and any ACK or CANCEL to the TU, and
 * tells the machine what happened: a response and its status code, a retransmitted request, a
 * TU response, an ACK, a timer, a transport error. The machine answers through {@link
 * io.parley.transaction.TransactionOutput}: send, pass up, start or cancel a timer, timed out,
 * transport failed, terminated. Timer values come from {@link io.parley.transaction.TimerSettings}
 * ({@code parley.sip.timers}).
 */
package io.parley.transaction;
