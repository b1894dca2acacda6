package io.parley.message.header;

import io.parley.message.SipParseException;
import io.parley.message.uri.SipChars;

/**
 * A position in one header field value, with the lexical rules of RFC 3261 §25.1: LWS (folded
 * lines included, §7.3.1), tokens and quoted strings. Errors name the header being read, as in
 * "bad Via: missing sent-by".
 */
final class HeaderCursor {
  final byte[] b;
  final int end;
  final String what;
  int pos;

  HeaderCursor(byte[] b, int off, int len, String what) {
    this.b = b;
    this.pos = off;
    this.end = off + len;
    this.what = what;
  }

  boolean atEnd() {
    return pos >= end;
  }

  /** The byte at the position; call only when not at the end. */
  byte peek() {
    return b[pos];
  }

  /** Whether the byte at the position is {@code c}. */
  boolean at(char c) {
    return pos < end && b[pos] == c;
  }

  void skipLws() {
    int p = pos;
    // most calls find no white space: answer those without the full rule
    if (p < end && b[p] > ' ') {
      return;
    }
    pos = SipChars.skipLws(b, p, end);
  }

  /** Whether LWS starts at the position. */
  boolean atLws() {
    return pos < end && SipChars.skipLws(b, pos, end) > pos;
  }

  /** Reads {@code 1*token}; returns its start. */
  int token(String missing) {
    int start = pos;
    int i = start;
    byte[] b = this.b;
    int end = this.end;
    while (i < end && SipChars.isToken(b[i])) {
      i++;
    }
    if (i == start) {
      throw error(missing);
    }
    pos = i;
    return start;
  }

  /**
   * Reads a quoted-string starting at the opening quote; returns its start. qdtext is LWS,
   * %x21, %x23-5B, %x5D-7E or any octet from 0x80 (UTF8-NONASCII); a quoted-pair is a backslash
   * and any octet up to 0x7F except CR and LF (RFC 3261 §25.1).
   */
  int quotedString() {
    int start = pos;
    int i = pos + 1;
    while (i < end) {
      int c = b[i] & 0xFF;
      if (c == '"') {
        pos = i + 1;
        return start;
      }
      if (c == '\\') {
        if (i + 1 >= end) {
          break;
        }
        if ((b[i + 1] & 0xFF) > 0x7F || b[i + 1] == '\r' || b[i + 1] == '\n') {
          throw error("bad quoted-pair");
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
        throw error("control character in quoted string");
      }
    }
    throw error("unterminated quoted string");
  }

  SipParseException error(String reason) {
    return SipParseException.badRequest("bad " + what + ": " + reason);
  }
}
