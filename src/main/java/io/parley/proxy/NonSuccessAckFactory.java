package io.parley.proxy;

import io.parley.message.HeaderName;
import io.parley.message.Method;
import io.parley.message.SipMessage;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.transaction.AckFactory;

/**
 * The ACK an INVITE client transaction sends for a 300–699 response (RFC 3261 §17.1.1.3): the
 * INVITE's Request-URI, Call-ID, From and CSeq number, CSeq method ACK, the INVITE's topmost Via
 * only (the branch's, so the ACK matches the server transaction, §17.2.3), the To of the
 * response (with the tag the UAS added), the INVITE's Route fields, Max-Forwards 70, no body.
 *
 * <p>Two forms of {@link AckFactory}: on the bytes a transaction holds ({@link #BYTES}), or on
 * parsed messages ({@link #MESSAGES}).
 */
public final class NonSuccessAckFactory {
  private NonSuccessAckFactory() {}

  /** For a client transaction over the bytes it sends and receives. */
  public static final AckFactory<byte[]> BYTES =
      (invite, response) -> ack(request(SipParser.parse(invite)), SipParser.parse(response));

  /** For a client transaction over parsed messages; the ACK is parsed back. */
  public static final AckFactory<SipMessage> MESSAGES =
      (invite, response) -> SipParser.parse(ack(request(invite), response));

  /**
   * The ACK for {@code response} to {@code invite} (the INVITE as sent).
   *
   * @throws IllegalArgumentException if {@code invite} is no INVITE or {@code response} is a
   *     request
   */
  public static byte[] ack(SipRequest invite, SipMessage response) {
    if (invite.method() != Method.INVITE) {
      throw new IllegalArgumentException("an ACK answers an INVITE, not " + invite.method());
    }
    if (response.isRequest()) {
      throw new IllegalArgumentException("not a response");
    }
    return new HopRequestWriter()
        .requestLine("ACK", invite.buffer(), invite.requestUriStart(), invite.requestUriEnd())
        .topVia(invite)
        .copyAll(HeaderName.ROUTE, invite)
        .field("Max-Forwards", "70")
        .copy("From", invite, invite.first(HeaderName.FROM))
        .copy("To", response, response.first(HeaderName.TO))
        .copy("Call-ID", invite, invite.first(HeaderName.CALL_ID))
        .field("CSeq", invite.routing().cseq().number() + " ACK")
        .build();
  }

  private static SipRequest request(SipMessage m) {
    if (m instanceof SipRequest r) {
      return r;
    }
    throw new IllegalArgumentException("not a request");
  }
}
