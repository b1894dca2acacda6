package io.parley.message.header;

import io.parley.message.HeaderName;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;

/**
 * {@code Max-Forwards = "Max-Forwards" HCOLON 1*DIGIT} (RFC 3261 §20.22, §25.1).
 *
 * @param hops 0 to 255 (RFC 3261 §20.22 "an integer in the range 0-255"); leading zeros of the
 *     wire form ({@code 0068}, RFC 4475 §3.1.1.1) are accepted and not kept
 */
public record MaxForwards(int hops) {
  public static final int MAX = 255;

  /** Every value, so that parsing one allocates nothing. */
  private static final MaxForwards[] VALUES = new MaxForwards[MAX + 1];

  static {
    for (int i = 0; i <= MAX; i++) {
      VALUES[i] = new MaxForwards(i);
    }
  }

  /** The value a proxy or UAC puts in a request that lacks one (RFC 3261 §8.1.1.6). */
  public static final MaxForwards DEFAULT = VALUES[70];

  public MaxForwards {
    if (hops < 0 || hops > MAX) {
      throw new IllegalArgumentException("Max-Forwards out of range: " + hops);
    }
  }

  /**
   * Parses a Max-Forwards value; LWS around it is allowed.
   *
   * @throws SipParseException (400) if it is not 1*DIGIT or exceeds 255
   */
  public static MaxForwards parse(byte[] b, int off, int len) {
    long v = SingleField.decimal(b, off, len, MAX, "Max-Forwards");
    return VALUES[(int) v];
  }

  /**
   * The Max-Forwards of {@code m}, or null if it has none (RFC 2543 requests, RFC 4475 §3.4.1).
   *
   * @throws SipParseException (400) if it is repeated or malformed
   */
  public static MaxForwards of(SipMessage m) {
    int i = SingleField.index(m, HeaderName.MAX_FORWARDS);
    return i < 0 ? null : parse(m.valueArray(i), m.valueOffset(i), m.valueLength(i));
  }

  /** The value a proxy forwards (RFC 3261 §16.6 step 3); call only when {@code hops > 0}. */
  public MaxForwards decremented() {
    return new MaxForwards(hops - 1);
  }

  @Override
  public String toString() {
    return Integer.toString(hops);
  }
}
