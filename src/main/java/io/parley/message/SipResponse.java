package io.parley.message;

/**
 * A SIP response (RFC 3261 §7.2): {@code SIP-Version SP Status-Code SP Reason-Phrase CRLF},
 * headers, body.
 */
public final class SipResponse extends SipMessage {
  private final int status;
  private final int reasonStart;
  private final int reasonEnd;

  SipResponse(byte[] buf, int start, int startLineEnd, int status, int reasonStart, int reasonEnd,
      int[] index) {
    super(buf, start, startLineEnd, index);
    this.status = status;
    this.reasonStart = reasonStart;
    this.reasonEnd = reasonEnd;
  }

  @Override
  public boolean isRequest() {
    return false;
  }

  /** The three-digit status code, 100 to 699 (RFC 3261 §7.2, §21). */
  public int statusCode() {
    return status;
  }

  public int reasonStart() {
    return reasonStart;
  }

  public int reasonEnd() {
    return reasonEnd;
  }

  /** The reason phrase, possibly empty, decoded as UTF-8 (RFC 3261 §25.1 {@code Reason-Phrase}). */
  public String reasonPhrase() {
    return Lex.utf8(buf, reasonStart, reasonEnd);
  }
}
