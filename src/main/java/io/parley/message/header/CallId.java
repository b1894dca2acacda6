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
    byte[] b = value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    if (value.chars().anyMatch(c -> c > 0x7E) || end(b, 0, b.length) != b.length) {
      throw new IllegalArgumentException("not a Call-ID: " + value);
    }
  }

  /**
   * Parses a Call-ID value; LWS around it is allowed.
   *
   * @throws SipParseException (400) if it is not {@code word ["@" word]}
   */
  public static CallId parse(byte[] b, int off, int len) {
    int end = off + len;
    int s = Lex.skipLws(b, off, end);
    int e = end(b, s, end);
    if (e < 0) {
      throw SipParseException.badRequest("Bad Call-ID");
    }
    SingleField.expectEnd(b, e, end, "Call-ID");
    return new CallId(Lex.latin1(b, s, e));
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

  @Override
  public String toString() {
    return value;
  }
}
