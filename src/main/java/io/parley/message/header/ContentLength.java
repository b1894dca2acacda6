package io.parley.message.header;

import io.parley.message.HeaderName;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;

/**
 * {@code Content-Length = ("Content-Length" / "l") HCOLON 1*DIGIT} (RFC 3261 §20.14).
 *
 * <p>The framing parser reads this header itself ({@link SipMessage#contentLength()}); this class
 * is for building and checking values.
 *
 * @param length the body size in octets, at most 2^31-1
 */
public record ContentLength(int length) {
  public ContentLength {
    if (length < 0) {
      throw new IllegalArgumentException("negative Content-Length");
    }
  }

  /**
   * Parses a Content-Length value; LWS around it is allowed.
   *
   * @throws SipParseException (400) if it is not 1*DIGIT or exceeds 2^31-1 (RFC 4475 §3.1.2.3)
   */
  public static ContentLength parse(byte[] b, int off, int len) {
    long v = SingleField.decimal(b, off, len, Integer.MAX_VALUE, "Content-Length");
    return new ContentLength((int) v);
  }

  /**
   * The Content-Length of {@code m}, or null if it has none.
   *
   * @throws SipParseException (400) if it is repeated or malformed
   */
  public static ContentLength of(SipMessage m) {
    int i = SingleField.index(m, HeaderName.CONTENT_LENGTH);
    return i < 0 ? null : parse(m.valueArray(i), m.valueOffset(i), m.valueLength(i));
  }

  @Override
  public String toString() {
    return Integer.toString(length);
  }
}
