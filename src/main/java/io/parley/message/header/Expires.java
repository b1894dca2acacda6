package io.parley.message.header;

import io.parley.message.HeaderName;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;

/**
 * {@code Expires = "Expires" HCOLON delta-seconds}, {@code delta-seconds = 1*DIGIT}
 * (RFC 3261 §20.19, §25.1).
 *
 * @param seconds 0 to 2^32-1 (RFC 3261 §20.19); a larger value is a parse error here
 *     (RFC 4475 §3.1.2.4), not silently capped
 */
public record Expires(long seconds) {
  public static final long MAX = 0xFFFF_FFFFL;

  public Expires {
    if (seconds < 0 || seconds > MAX) {
      throw new IllegalArgumentException("Expires out of range: " + seconds);
    }
  }

  /**
   * Parses an Expires value; LWS around it is allowed.
   *
   * @throws SipParseException (400) if it is not 1*DIGIT or exceeds 2^32-1
   */
  public static Expires parse(byte[] b, int off, int len) {
    long v = SingleField.decimal(b, off, len, MAX, "Expires");
    return new Expires(v);
  }

  /**
   * The Expires of {@code m}, or null if it has none.
   *
   * @throws SipParseException (400) if it is repeated or malformed
   */
  public static Expires of(SipMessage m) {
    int i = SingleField.index(m, HeaderName.EXPIRES);
    return i < 0 ? null : parse(m.valueArray(i), m.valueOffset(i), m.valueLength(i));
  }

  @Override
  public String toString() {
    return Long.toString(seconds);
  }
}
