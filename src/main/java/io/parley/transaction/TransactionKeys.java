package io.parley.transaction;

import io.parley.message.Method;
import io.parley.message.RoutingHeaders;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.message.header.Via;

/**
 * The keys that match a message to its transaction within one Call-ID (the Call-ID itself is
 * implied: every message of a call reaches the same entity).
 */
public final class TransactionKeys {
  private static final String MAGIC_COOKIE = "z9hG4bK";

  private TransactionKeys() {}

  /**
   * The server transaction a request belongs to (RFC 3261 §17.2.3): the top Via's branch and
   * sent-by, and the method — an ACK matches the INVITE it acknowledges, a CANCEL has a
   * transaction of its own. Without the magic cookie (RFC 2543 peers, §17.2.3 last paragraphs)
   * the Request-URI, From tag, CSeq number and the top Via stand in for the branch; the To tag is
   * left out so that the ACK, which carries the tag of our response, finds its INVITE.
   */
  public static String server(SipRequest request) {
    RoutingHeaders r = request.routing();
    Via top = r.topVia();
    Method method = request.method() == Method.ACK ? Method.INVITE : request.method();
    String branch = top.branch();
    String sentBy = top.host() + ":" + top.port();
    if (branch != null && branch.startsWith(MAGIC_COOKIE)) {
      return branch + "|" + sentBy + "|" + method.name();
    }
    return "2543|" + request.requestUri() + "|" + r.from().tag() + "|" + r.cseq().number() + "|"
        + top + "|" + method.name();
  }

  /** The server transaction of the INVITE a CANCEL cancels (RFC 3261 §9.2: same key, method INVITE). */
  public static String cancelledInvite(SipRequest cancel) {
    RoutingHeaders r = cancel.routing();
    Via top = r.topVia();
    String branch = top.branch();
    if (branch != null && branch.startsWith(MAGIC_COOKIE)) {
      return branch + "|" + top.host() + ":" + top.port() + "|INVITE";
    }
    return "2543|" + cancel.requestUri() + "|" + r.from().tag() + "|" + r.cseq().number() + "|"
        + top + "|INVITE";
  }

  /**
   * The client transaction a response belongs to (RFC 3261 §17.1.3): the branch of its top Via
   * and the method of its CSeq (so the response to a CANCEL does not match the INVITE).
   */
  public static String client(SipResponse response) {
    RoutingHeaders r = response.routing();
    return client(r.topVia().branch(), r.cseq().method());
  }

  /** The key of a client transaction this proxy started with {@code branch} for {@code method}. */
  public static String client(String branch, Method method) {
    return branch + "|" + method.name();
  }
}
