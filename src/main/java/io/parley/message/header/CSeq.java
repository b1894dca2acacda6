package io.parley.message.header;

import io.parley.message.HeaderName;
import io.parley.message.Lex;
import io.parley.message.Method;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;

/**
 * {@code CSeq = "CSeq" HCOLON 1*DIGIT LWS Method} (RFC 3261 §20.16, §25.1).
 *
 * @param number the sequence number, at most 2^31-1 (RFC 3261 §8.1.1.5); leading zeros of the
 *     wire form are not kept
 * @param method the method, the same constant as the request line's for known methods
 */
public record CSeq(long number, Method method) {
  /** The largest sequence number RFC 3261 §8.1.1.5 allows. */
  public static final long MAX_NUMBER = Integer.MAX_VALUE;

  public CSeq {
    if (number < 0 || number > MAX_NUMBER || method == null) {
      throw new IllegalArgumentException("CSeq number out of range: " + number);
    }
  }

  /**
   * Parses a CSeq value; LWS around it is allowed.
   *
   * @throws SipParseException (400) on a syntax error or a number above 2^31-1
   *     (RFC 4475 §3.1.2.4)
   */
  public static CSeq parse(byte[] b, int off, int len) {
    int end = off + len;
    int p = Lex.skipLws(b, off, end);
    int digits = p;
    while (p < end && Lex.isDigit(b[p])) {
      p++;
    }
    long n = Lex.parseDecimal(b, digits, p, MAX_NUMBER);
    if (n < 0) {
      throw SipParseException.badRequest("Bad CSeq number");
    }
    int m = Lex.skipLws(b, p, end);
    if (m == p) {
      throw SipParseException.badRequest("Bad CSeq");
    }
    int mEnd = Lex.scanToken(b, m, end);
    SingleField.expectEnd(b, mEnd, end, "CSeq");
    return new CSeq(n, Method.of(b, m, mEnd));
  }

  /**
   * The CSeq of {@code m}.
   *
   * @throws SipParseException (400) if it is missing, repeated or malformed
   */
  public static CSeq of(SipMessage m) {
    int i = SingleField.required(m, HeaderName.CSEQ);
    return parse(m.valueArray(i), m.valueOffset(i), m.valueLength(i));
  }

  /** The wire form of the value, e.g. {@code 314159 INVITE}. */
  @Override
  public String toString() {
    return number + " " + method.name();
  }
}
