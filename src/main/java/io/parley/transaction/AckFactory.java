package io.parley.transaction;

/**
 * Builds the ACK that an INVITE client transaction sends for a non-2xx final response
 * (RFC 3261 §17.1.1.3: same Request-URI, Call-ID, From, CSeq number and top Via as the request,
 * the To of the response, CSeq method ACK, the request's Route headers). The machines never
 * look inside a message; this is the one place the INVITE client transaction needs a new one.
 *
 * @param <M> the SIP message type
 */
@FunctionalInterface
public interface AckFactory<M> {
  /** The ACK for {@code response} (status 300–699) to {@code invite}. */
  M ackFor(M invite, M response);
}
