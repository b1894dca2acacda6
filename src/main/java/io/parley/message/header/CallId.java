package io.parley.message.header;

import io.parley.message.HeaderName;
import io.parley.message.Lex;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;

/**
 * {@code Call-ID = ("Call-ID" / "i") HCOLON callid}, {@code callid = word ["@" word]}
 * (RFC 3261 §20.8, §25.1). Compared case-sensitively, octet for octet (§20.8).
 *
 * @param value the Call-ID as received
 */
public record CallId(String value) {
  public CallId {
    if (!isCallId(value)) {
      throw new IllegalArgumentException("not a Call-ID: " + value);
    }
  }

  /**
   * Parses a Call-ID value; LWS around it is allowed.
   *
   * @throws SipParseException (400) if it is not {@code word ["@" word]}
   */
  public static CallId parse(byte[] b, int off, int len) {
    return new CallId(parseText(b, off, len));
  }

  /**
   * Parses a Call-ID value as {@link #parse} does and returns its text only, for callers that
   * keep a {@code String} and need no second check of it.
   *
   * @throws SipParseException (400) if it is not {@code word ["@" word]}
   */
  public static String parseText(byte[] b, int off, int len) {
    int end = off + len;
    int s = Lex.skipLws(b, off, end);
    int e = end(b, s, end);
    if (e < 0) {
      throw SipParseException.badRequest("Bad Call-ID");
    }
    SingleField.expectEnd(b, e, end, "Call-ID");
    return Lex.latin1(b, s, e);
  }

  /**
   * The Call-ID of {@code m}.
   *
   * @throws SipParseException (400) if it is missing, repeated or malformed
   */
  public static CallId of(SipMessage m) {
    int i = SingleField.required(m, HeaderName.CALL_ID);
    return parse(m.valueArray(i), m.valueOffset(i), m.valueLength(i));
  }

  /** The end of {@code word ["@" word]} at {@code p}, or -1 if there is none. */
  private static int end(byte[] b, int p, int end) {
    int w = Lex.scanWord(b, p, end);
    if (w == p) {
      return -1;
    }
    if (w < end && b[w] == '@') {
      int w2 = Lex.scanWord(b, w + 1, end);
      return w2 == w + 1 ? -1 : w2;
    }
    return w;
  }

  /** Whether {@code v} is {@code word ["@" word]}; word characters are all below 0x7F. */
  private static boolean isCallId(String v) {
    int w = wordEnd(v, 0);
    if (w == 0) {
      return false;
    }
    if (w < v.length() && v.charAt(w) == '@') {
      int w2 = wordEnd(v, w + 1);
      return w2 > w + 1 && w2 == v.length();
    }
    return w == v.length();
  }

  private static int wordEnd(String v, int i) {
    while (i < v.length() && v.charAt(i) < 0x7F && Lex.isWordChar((byte) v.charAt(i))) {
      i++;
    }
    return i;
  }

  @Override
  public String toString() {
    return value;
  }
}
