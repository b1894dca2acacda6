package io.parley.proxy;

import io.parley.message.HeaderName;
import io.parley.message.Method;
import io.parley.message.SipMessage;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;

/**
 * Builds the CANCEL of a forwarded INVITE (RFC 3261 §9.1): the same Request-URI, Call-ID, To,
 * From and CSeq number as the INVITE, CSeq method CANCEL, a single Via equal to the INVITE's
 * topmost (ours: its branch is the branch's, so the next hop matches the CANCEL to the INVITE,
 * §9.2), the INVITE's Route fields (§9.1: "the same route set"), Max-Forwards 70, no body, and
 * no Require or Proxy-Require (§9.1). A Reason (RFC 3326) may say why.
 */
public final class CancelFactory {
  private CancelFactory() {}

  /** The CANCEL for the INVITE a branch sent, given as the bytes it sent. */
  public static byte[] cancelFor(byte[] forwardedInvite, String reason) {
    SipMessage m = SipParser.parse(forwardedInvite);
    if (!(m instanceof SipRequest r)) {
      throw new IllegalArgumentException("not a request");
    }
    return cancelFor(r, reason);
  }

  /**
   * The CANCEL for {@code invite}, the request as it was sent.
   *
   * @param reason a Reason header value (RFC 3326), e.g. {@code SIP;cause=200;text="Call
   *     completed elsewhere"}, or null for none
   */
  public static byte[] cancelFor(SipRequest invite, String reason) {
    if (invite.method() != Method.INVITE) {
      throw new IllegalArgumentException("only an INVITE is cancelled, not " + invite.method());
    }
    HopRequestWriter w = new HopRequestWriter()
        .requestLine("CANCEL", invite.buffer(), invite.requestUriStart(), invite.requestUriEnd())
        .topVia(invite)
        .copyAll(HeaderName.ROUTE, invite)
        .field("Max-Forwards", "70")
        .copy("From", invite, invite.first(HeaderName.FROM))
        .copy("To", invite, invite.first(HeaderName.TO))
        .copy("Call-ID", invite, invite.first(HeaderName.CALL_ID))
        .field("CSeq", invite.routing().cseq().number() + " CANCEL");
    if (reason != null) {
      w.field("Reason", reason);
    }
    return w.build();
  }
}
