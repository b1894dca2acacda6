package io.parley.message.header;

import io.parley.message.HeaderName;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;

/**
 * {@code Expires = "Expires" HCOLON delta-seconds}, {@code delta-seconds = 1*DIGIT}
 * (RFC 3261 §20.19, §25.1).
 *
 * @param seconds 0 to 2^32-1 (RFC 3261 §20.19); a larger value on the wire is read as 2^32-1,
 *     as a Contact's {@code expires} parameter is ({@link DeltaSeconds})
 */
public record Expires(long seconds) {
  public static final long MAX = DeltaSeconds.MAX;

  public Expires {
    if (seconds < 0 || seconds > MAX) {
      throw new IllegalArgumentException("Expires out of range: " + seconds);
    }
  }

  /**
   * Parses an Expires value; LWS around it is allowed; a value above 2^32-1 is 2^32-1.
   *
   * @throws SipParseException (400) if it is not 1*DIGIT
   */
  public static Expires parse(byte[] b, int off, int len) {
    int end = off + len;
    int p = io.parley.message.Lex.skipLws(b, off, end);
    int digits = p;
    while (p < end && io.parley.message.Lex.isDigit(b[p])) {
      p++;
    }
    long v = DeltaSeconds.parse(b, digits, p);
    if (v < 0) {
      throw SipParseException.badRequest("Bad Expires");
    }
    SingleField.expectEnd(b, p, end, "Expires");
    return new Expires(v);
  }

  /**
   * The Expires of {@code m}, or null if it has none.
   *
   * @throws SipParseException (400) if it is repeated or not delta-seconds
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
