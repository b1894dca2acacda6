package io.parley.message;

import io.parley.message.uri.Uri;

/**
 * A SIP request (RFC 3261 §7.1): {@code Method SP Request-URI SP SIP-Version CRLF}, headers,
 * body. The Request-URI is kept as a raw range; the URI parser reads it on demand.
 */
public final class SipRequest extends SipMessage {
  private final Method method;
  private final int uriStart;
  private final int uriEnd;

  SipRequest(byte[] buf, int start, int startLineEnd, Method method, int uriStart, int uriEnd,
      int[] index) {
    super(buf, start, startLineEnd, index);
    this.method = method;
    this.uriStart = uriStart;
    this.uriEnd = uriEnd;
  }

  @Override
  public boolean isRequest() {
    return true;
  }

  public Method method() {
    return method;
  }

  /** Where the Request-URI begins in {@link #buffer()}. */
  public int requestUriStart() {
    return uriStart;
  }

  /** Where the Request-URI ends in {@link #buffer()}. */
  public int requestUriEnd() {
    return uriEnd;
  }

  /** The Request-URI as received (no escape undone). */
  public String requestUri() {
    return Lex.latin1(buf, uriStart, uriEnd);
  }

  private Uri uri;

  /**
   * The Request-URI parsed: a SIP or SIPS URI, a tel URI, or any other absolute URI (RFC 3261
   * §25.1), so that an unknown scheme can be answered 416 rather than 400.
   *
   * @throws SipParseException when it is not a URI at all (RFC 4475 §3.1.2.7 {@code <sip:…>})
   */
  public Uri uri() {
    Uri u = uri;
    if (u == null) {
      u = Uri.parse(buf, uriStart, uriEnd - uriStart);
      uri = u;
    }
    return u;
  }
}
