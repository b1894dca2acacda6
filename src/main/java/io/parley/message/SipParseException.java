package io.parley.message;

/**
 * A message, or a part of one, that does not follow the SIP grammar.
 *
 * <p>Carries the status a server answers a malformed request with: 400 for a syntax error
 * (RFC 3261 §21.4.1), 505 for an unknown SIP version (§21.5.6), 513 for a message over the
 * size limit (§21.4.24). Thrown on the receive path for every bad datagram, so it carries no
 * stack trace: building one would cost more than the parse.
 */
public final class SipParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public SipParseException(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  /** A syntax error: answered with 400 Bad Request. */
  public static SipParseException badRequest(String reason) {
    return new SipParseException(400, reason);
  }

  /** The status code a server answers the malformed request with. */
  public int status() {
    return status;
  }

  /** What is wrong, short enough for a reason phrase or a Warning header. */
  public String reason() {
    return getMessage();
  }
}
