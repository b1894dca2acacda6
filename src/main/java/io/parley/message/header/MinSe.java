package io.parley.message.header;

import io.parley.message.HeaderName;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;

/**
 * {@code Min-SE = "Min-SE" HCOLON delta-seconds *(SEMI generic-param)} (RFC 4028 §5): the
 * smallest session interval an element on the path accepts. Its parameters carry no meaning and
 * are dropped.
 *
 * @param seconds 0 to 2^32-1 (a larger value is read as 2^32-1)
 */
public record MinSe(long seconds) {
  /** RFC 4028 §4: no session interval may be below 90 seconds, the default Min-SE. */
  public static final long FLOOR = 90;

  public MinSe {
    if (seconds < 0 || seconds > DeltaSeconds.MAX) {
      throw new IllegalArgumentException("Min-SE out of range: " + seconds);
    }
  }

  /** @throws SipParseException (400) if it is not delta-seconds with generic parameters */
  public static MinSe parse(byte[] b, int off, int len) {
    return new MinSe(DeltaSeconds.parseWithParams(b, off, len, "Min-SE").seconds());
  }

  /**
   * The Min-SE of {@code m}, or null if it has none.
   *
   * @throws SipParseException (400) if it is repeated or malformed
   */
  public static MinSe of(SipMessage m) {
    int i = SingleField.index(m, HeaderName.MIN_SE);
    return i < 0 ? null : parse(m.valueArray(i), m.valueOffset(i), m.valueLength(i));
  }

  @Override
  public String toString() {
    return Long.toString(seconds);
  }
}
