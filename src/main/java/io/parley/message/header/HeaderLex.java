package io.parley.message.header;

import io.parley.message.SipParseException;
import io.parley.message.uri.SipChars;

/**
 * The lexical rules of RFC 3261 §25.1 inside one header field value, as static functions of a
 * position: LWS (folded lines included, §7.3.1), tokens and quoted strings. Each returns the
 * position after what it read. Errors name the header being read, as in "bad Via: missing
 * sent-by".
 *
 * <p>The parsers on every request's path (Via, the name-addr family, parameters) keep their
 * position in a local variable and call these; {@link HeaderCursor} wraps them for the others.
 */
final class HeaderLex {
  private HeaderLex() {}

  /** The first position at or after {@code p} that is not LWS. */
  static int lws(byte[] b, int p, int end) {
    // most calls find no white space: answer those without the full rule
    if (p < end && b[p] > ' ') {
      return p;
    }
    return SipChars.skipLws(b, p, end);
  }

  /** Whether the octet at {@code p} is {@code c}. */
  static boolean at(byte[] b, int p, int end, char c) {
    return p < end && b[p] == c;
  }

  /**
   * The end of {@code 1*token} at {@code p}.
   *
   * @throws SipParseException "bad {what}: {missing}" when no token starts at {@code p}
   */
  static int token(byte[] b, int p, int end, String what, String missing) {
    int i = p;
    while (i < end && SipChars.isToken(b[i])) {
      i++;
    }
    if (i == p) {
      throw error(what, missing);
    }
    return i;
  }

  /**
   * The end of the quoted-string whose opening quote is at {@code p}. qdtext is LWS, %x21,
   * %x23-5B, %x5D-7E or any octet from 0x80 (UTF8-NONASCII); a quoted-pair is a backslash and
   * any octet up to 0x7F except CR and LF (RFC 3261 §25.1).
   */
  static int quotedString(byte[] b, int p, int end, String what) {
    int i = p + 1;
    while (i < end) {
      int c = b[i] & 0xFF;
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 >= end) {
          break;
        }
        if ((b[i + 1] & 0xFF) > 0x7F || b[i + 1] == '\r' || b[i + 1] == '\n') {
          throw error(what, "bad quoted-pair");
        }
        i += 2;
      } else if (c == '\r' || c == '\n') {
        int next = SipChars.skipLws(b, i, end);
        if (next == i) {
          break;
        }
        i = next;
      } else if (c == '\t' || c >= 0x20 && c != 0x7F) {
        i++;
      } else {
        throw error(what, "control character in quoted string");
      }
    }
    throw error(what, "unterminated quoted string");
  }

  /** "bad {what}: {reason}", a 400. */
  static SipParseException error(String what, String reason) {
    return SipParseException.badRequest("bad " + what + ": " + reason);
  }

  /**
   * After a value that ended at {@code p}, only LWS may follow up to {@code end}.
   *
   * @throws SipParseException "more than one value" at a comma, "unexpected character" else
   */
  static void expectEnd(byte[] b, int p, int end, String what) {
    int q = lws(b, p, end);
    if (q < end) {
      throw error(what, b[q] == ',' ? "more than one value" : "unexpected character");
    }
  }
}
