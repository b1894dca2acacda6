package io.parley.transport;

import java.nio.charset.StandardCharsets;

/**
 * Finds the Content-Length of a header section without parsing it: a stream is framed by it
 * (RFC 3261 §18.3), before any parser sees the message.
 *
 * <p>Recognises the full name and the compact form {@code l} (§7.3.3), case-insensitively
 * (§7.3.5), with white space before the colon and LWS, line folding included, around the value
 * (§7.3.1). A header section without one has Content-Length 0: §18.3 makes it mandatory on
 * streams, but Kamailio also reads a missing one as 0, and the parser can still reject the
 * message.
 */
final class ContentLengthScanner {

  /** A value that is empty, signed, or not all digits (RFC 4475 §3.1.2.3, "ncl"). */
  static final long BAD = -1;

  /** Two Content-Length headers with different values (RFC 4475 §3.3.9, "mcl01"). */
  static final long CONFLICT = -2;

  /** Values at least this large are reported as this: far over any message size limit. */
  static final long SATURATED = Integer.MAX_VALUE;

  private static final byte[] FULL_NAME = "content-length".getBytes(StandardCharsets.US_ASCII);

  private ContentLengthScanner() {}

  /**
   * The Content-Length of the header lines in {@code [from, to)}: from the line after the start
   * line up to the end of the header section, its empty line included or not.
   *
   * @return the value (0 when absent, at most {@link #SATURATED}), {@link #BAD} or
   *     {@link #CONFLICT}
   */
  static long scan(byte[] b, int from, int to) {
    long found = -1;
    int line = from;
    while (line < to) {
      int next = nextLine(b, line, to);
      byte first = b[line];
      if (first == '\r' || first == '\n') {
        break;
      }
      if (first != ' ' && first != '\t') {
        int valueStart = contentLengthValueStart(b, line, next);
        if (valueStart >= 0) {
          long value = value(b, valueStart, to);
          if (value == BAD) {
            return BAD;
          }
          if (found >= 0 && found != value) {
            return CONFLICT;
          }
          found = value;
        }
      }
      line = next;
    }
    return found < 0 ? 0 : found;
  }

  /** The start of the line after the one at {@code line}. */
  private static int nextLine(byte[] b, int line, int to) {
    for (int i = line; i < to; i++) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return to;
  }

  /** Past the colon when the line is a Content-Length header, else -1. */
  private static int contentLengthValueStart(byte[] b, int line, int lineEnd) {
    int i = line;
    while (i < lineEnd && StartLineSniffer.isTokenChar(b[i])) {
      i++;
    }
    int nameLength = i - line;
    boolean compact = nameLength == 1 && (b[line] | 0x20) == 'l';
    if (!compact && !(nameLength == FULL_NAME.length && matchesFullName(b, line))) {
      return -1;
    }
    while (i < lineEnd && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    return i < lineEnd && b[i] == ':' ? i + 1 : -1;
  }

  private static boolean matchesFullName(byte[] b, int at) {
    for (int k = 0; k < FULL_NAME.length; k++) {
      if ((b[at + k] | 0x20) != FULL_NAME[k]) {
        return false;
      }
    }
    return true;
  }

  /** Reads {@code LWS 1*DIGIT LWS} up to the end of the header, folded lines included. */
  private static long value(byte[] b, int i, int to) {
    i = skipLws(b, i, to);
    long value = 0;
    int digits = 0;
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      value = Math.min(SATURATED, value * 10 + (b[i] - '0'));
      digits++;
      i++;
    }
    if (digits == 0) {
      return BAD;
    }
    i = skipLws(b, i, to);
    // the header must end here: at a line end not followed by a continuation line
    if (i < to && b[i] == '\r') {
      i++;
    }
    return i >= to || b[i] == '\n' ? value : BAD;
  }

  /** Skips SP, HT, and line ends followed by SP or HT (a folded line, RFC 3261 §7.3.1). */
  private static int skipLws(byte[] b, int i, int to) {
    while (i < to) {
      byte c = b[i];
      if (c == ' ' || c == '\t') {
        i++;
      } else if (c == '\r' && i + 2 < to && b[i + 1] == '\n' && isWsp(b[i + 2])) {
        i += 3;
      } else if (c == '\n' && i + 1 < to && isWsp(b[i + 1])) {
        i += 2;
      } else {
        break;
      }
    }
    return i;
  }

  private static boolean isWsp(byte c) {
    return c == ' ' || c == '\t';
  }
}
