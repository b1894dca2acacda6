package io.parley.transport;

/**
 * Tells, from its first line alone, whether bytes can be a SIP message at all, so junk (a
 * STUN packet, an HTTP probe, random bytes) is dropped at the socket instead of reaching the
 * parser, and a stream that carries it is closed before it fills a buffer.
 *
 * <p>Deliberately loose: only the shape of RFC 3261 §7.1 (Request-Line: {@code Method SP
 * Request-URI SP SIP-Version}) and §7.2 (Status-Line: {@code SIP-Version SP …}) is checked,
 * with the version's "SIP/" compared case-insensitively as §7.1 allows. The parser judges the
 * rest.
 */
final class StartLineSniffer {

  private static final boolean[] TOKEN = new boolean[256];

  static {
    for (int c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[c - 'a' + 'A'] = true;
    }
    for (int c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (char c : "-.!%*_+`'~".toCharArray()) {
      TOKEN[c] = true;
    }
  }

  private StartLineSniffer() {}

  /** A {@code token} character of RFC 3261 §25.1. */
  static boolean isTokenChar(byte b) {
    return TOKEN[b & 0xFF];
  }

  /**
   * Whether a byte may appear before the first space of a start line: a method's token
   * character, or the '/' of a Status-Line's "SIP/2.0".
   */
  static boolean isFirstWordChar(byte b) {
    return TOKEN[b & 0xFF] || b == '/';
  }

  /**
   * Whether the first line {@code [from, to)}, without its line end, looks like a Status-Line
   * ({@code SIP/…}) or a Request-Line (a token, a space, and "SIP/" after a later space).
   */
  static boolean looksLikeStartLine(byte[] b, int from, int to) {
    if (startsWithSipSlash(b, from, to)) {
      return true;
    }
    int i = from;
    while (i < to && isTokenChar(b[i])) {
      i++;
    }
    if (i == from || i >= to || b[i] != ' ') {
      return false;
    }
    for (int j = i + 1; j + 4 <= to; j++) {
      if (b[j - 1] == ' ' && startsWithSipSlash(b, j, to)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The end of the first line of {@code [from, to)} without its CR LF (or bare LF), or
   * {@code to} when the bytes hold no line end.
   */
  static int firstLineEnd(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i > from && b[i - 1] == '\r' ? i - 1 : i;
      }
    }
    return to;
  }

  private static boolean startsWithSipSlash(byte[] b, int from, int to) {
    return to - from >= 4
        && (b[from] | 0x20) == 's'
        && (b[from + 1] | 0x20) == 'i'
        && (b[from + 2] | 0x20) == 'p'
        && b[from + 3] == '/';
  }
}
