package io.parley.message.header;

/**
 * {@code delta-seconds = 1*DIGIT} (RFC 3261 §25.1), read the same way wherever an expiry is
 * given: the Expires header field (§20.19) and the {@code expires} parameter of a Contact
 * (§20.10). RFC 3261 §20.19 bounds the value by 2^32-1; a larger one, however many digits it
 * has, is taken as 2^32-1 rather than refused or wrapped (RFC 4475 §3.1.2.4 lets an element
 * treat an overlarge expiry leniently), so the receiver's own maximum (the registrar's
 * {@code max-expires}) then applies to both alike.
 */
final class DeltaSeconds {
  /** 2^32-1, the largest delta-seconds (RFC 3261 §20.19). */
  static final long MAX = 0xFFFF_FFFFL;

  private DeltaSeconds() {}

  /**
   * The value of {@code b[off, end)}, saturated at {@link #MAX}; -1 when the range is empty or
   * holds anything but digits. Linear in the number of digits, never overflows.
   */
  static long parse(byte[] b, int off, int end) {
    if (off >= end) {
      return -1;
    }
    long value = 0;
    for (int k = off; k < end; k++) {
      int d = b[k] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = Math.min(MAX, value * 10 + d);
    }
    return value;
  }

  /** A delta-seconds value and the parameters after it. */
  record WithParams(long seconds, Parameters params) {}

  /**
   * {@code delta-seconds *(SEMI generic-param)} with LWS around its parts, as RFC 4028 §4 and §5
   * write Session-Expires and Min-SE; the value saturated at {@link #MAX}.
   *
   * @throws SipParseException (400, "Bad {@code what}") when it is not of that form
   */
  static WithParams parseWithParams(byte[] b, int off, int len, String what) {
    int end = off + len;
    int p = io.parley.message.Lex.skipLws(b, off, end);
    int digits = p;
    while (p < end && io.parley.message.Lex.isDigit(b[p])) {
      p++;
    }
    long v = parse(b, digits, p);
    if (v < 0) {
      throw io.parley.message.SipParseException.badRequest("Bad " + what);
    }
    int q = io.parley.message.Lex.skipLws(b, p, end);
    if (q == end) {
      return new WithParams(v, Parameters.EMPTY);
    }
    if (b[q] != ';') {
      throw io.parley.message.SipParseException.badRequest("Bad " + what);
    }
    return new WithParams(v, Parameters.parse(b, q, end - q));
  }
}
