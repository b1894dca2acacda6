package io.parley.message.header;

import io.parley.message.SipParseException;

/**
 * A position in one header field value, with the lexical rules of {@link HeaderLex}, for the
 * parsers that read a value step by step (authentication values). Errors name the header being
 * read, as in "bad Authorization: missing auth scheme".
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
    pos = HeaderLex.lws(b, pos, end);
  }

  /** Whether LWS starts at the position. */
  boolean atLws() {
    return HeaderLex.lws(b, pos, end) > pos;
  }

  /** Reads {@code 1*token}; returns its start. */
  int token(String missing) {
    int start = pos;
    pos = HeaderLex.token(b, start, end, what, missing);
    return start;
  }

  /** Reads a quoted-string starting at the opening quote; returns its start. */
  int quotedString() {
    int start = pos;
    pos = HeaderLex.quotedString(b, start, end, what);
    return start;
  }

  SipParseException error(String reason) {
    return HeaderLex.error(what, reason);
  }
}
