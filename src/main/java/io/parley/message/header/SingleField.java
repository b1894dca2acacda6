package io.parley.message.header;

import io.parley.message.HeaderName;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;

/** Finds the one field of a header that RFC 3261 §7.3.1 allows at most once per message. */
final class SingleField {
  private SingleField() {}

  /**
   * The index of the only field named {@code name}, or -1 if there is none.
   *
   * @throws SipParseException (400) if there are several (RFC 4475 §3.3.8)
   */
  static int index(SipMessage m, HeaderName name) {
    int i = m.first(name);
    if (i >= 0 && m.next(name, i) >= 0) {
      throw SipParseException.badRequest("Several " + name.wireName() + " header fields");
    }
    return i;
  }

  /** Like {@link #index} but the header is mandatory. */
  static int required(SipMessage m, HeaderName name) {
    int i = index(m, name);
    if (i < 0) {
      throw SipParseException.badRequest("Missing " + name.wireName());
    }
    return i;
  }

  /**
   * A value that is one unsigned decimal, {@code 1*DIGIT} with LWS around it (RFC 3261 §25.1:
   * Content-Length, Max-Forwards, Expires, delta-seconds).
   *
   * @throws SipParseException (400, "Bad {@code what}") when it is not, or exceeds {@code max}
   */
  static long decimal(byte[] b, int off, int len, long max, String what) {
    int end = off + len;
    int p = io.parley.message.Lex.skipLws(b, off, end);
    int digits = p;
    while (p < end && io.parley.message.Lex.isDigit(b[p])) {
      p++;
    }
    long v = io.parley.message.Lex.parseDecimal(b, digits, p, max);
    if (v < 0) {
      throw SipParseException.badRequest("Bad " + what);
    }
    expectEnd(b, p, end, what);
    return v;
  }

  /** The end of a value whose last element ends at {@code p}: only LWS may follow. */
  static void expectEnd(byte[] b, int p, int end, String what) {
    if (io.parley.message.Lex.skipLws(b, p, end) != end) {
      throw SipParseException.badRequest("Bad " + what);
    }
  }
}
