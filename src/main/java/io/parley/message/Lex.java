package io.parley.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level lexing shared by the framing parser and the typed header parsers.
 *
 * <p>Every method works on a byte range {@code [pos, end)} of a received buffer and returns a
 * position (or a sentinel), never throws for any input, and never allocates except the
 * {@code String} decoders. Line folding (RFC 3261 §7.3.1: CRLF followed by SP or HTAB, here
 * also a bare LF followed by SP or HTAB) counts as linear white space wherever LWS is skipped.
 */
public final class Lex {
  private Lex() {}

  /** {@code token} characters, RFC 3261 §25.1: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~". */
  private static final boolean[] TOKEN = new boolean[256];

  /** {@code word} characters of Call-ID, RFC 3261 §25.1: token chars plus ( ) < > : \ DQUOTE / [ ] ? { }. */
  private static final boolean[] WORD = new boolean[256];

  /** ASCII lower-casing of every byte value; non-letters map to themselves. */
  private static final byte[] LOWER = new byte[256];

  static {
    for (int c = 0; c < 256; c++) {
      LOWER[c] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      TOKEN[c] = alnum || "-.!%*_+`'~".indexOf(c) >= 0;
      WORD[c] = TOKEN[c] || "()<>:\\\"/[]?{}".indexOf(c) >= 0;
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGHS = 0x8080_8080_8080_8080L;
  private static final long CRS = '\r' * ONES;
  private static final long LFS = '\n' * ONES;

  /**
   * The position of the first CR or LF in {@code [pos, end)}, or {@code end}. Reads eight
   * octets at a time: header values are most of a message's bytes, and this is the loop that
   * walks them.
   */
  public static int lineEnd(byte[] b, int pos, int end) {
    while (pos + 8 <= end) {
      long w = (long) LONGS.get(b, pos);
      long cr = w ^ CRS;
      long lf = w ^ LFS;
      // a zero byte in cr or lf marks a CR or LF; the lowest flagged byte is always a true one
      long hit = ((cr - ONES) & ~cr | (lf - ONES) & ~lf) & HIGHS;
      if (hit != 0) {
        return pos + (Long.numberOfTrailingZeros(hit) >>> 3);
      }
      pos += 8;
    }
    while (pos < end && b[pos] != '\r' && b[pos] != '\n') {
      pos++;
    }
    return pos;
  }

  /** Whether {@code b} may appear in a {@code token} (RFC 3261 §25.1). */
  public static boolean isTokenChar(byte b) {
    return TOKEN[b & 0xFF];
  }

  /** Whether {@code b} may appear in a Call-ID {@code word} (RFC 3261 §25.1). */
  public static boolean isWordChar(byte b) {
    return WORD[b & 0xFF];
  }

  /** The ASCII lower-case form of {@code b}; bytes that are not letters are returned unchanged. */
  public static int lower(byte b) {
    return LOWER[b & 0xFF];
  }

  /** SP or HTAB: {@code WSP} of RFC 5234. */
  public static boolean isWsp(byte b) {
    return b == ' ' || b == '\t';
  }

  public static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /**
   * Skips {@code LWS}/{@code SWS} (RFC 3261 §25.1): SP, HTAB, and line folds. A line end that is
   * not followed by SP or HTAB is not white space and stops the skip.
   */
  public static int skipLws(byte[] b, int pos, int end) {
    while (pos < end) {
      byte c = b[pos];
      if (c == ' ' || c == '\t') {
        pos++;
      } else if (c == '\r' && pos + 2 < end && b[pos + 1] == '\n' && isWsp(b[pos + 2])) {
        pos += 3;
      } else if (c == '\n' && pos + 1 < end && isWsp(b[pos + 1])) {
        pos += 2;
      } else {
        break;
      }
    }
    return pos;
  }

  /** The end of {@code [start, end)} without its trailing SP, HTAB, CR and LF. */
  public static int trimEnd(byte[] b, int start, int end) {
    while (end > start) {
      byte c = b[end - 1];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        break;
      }
      end--;
    }
    return end;
  }

  /** The end of the run of token characters starting at {@code pos} ({@code pos} if none). */
  public static int scanToken(byte[] b, int pos, int end) {
    while (pos < end && TOKEN[b[pos] & 0xFF]) {
      pos++;
    }
    return pos;
  }

  /** The end of the run of Call-ID word characters starting at {@code pos}. */
  public static int scanWord(byte[] b, int pos, int end) {
    while (pos < end && WORD[b[pos] & 0xFF]) {
      pos++;
    }
    return pos;
  }

  /**
   * Scans a {@code quoted-string} (RFC 3261 §25.1) whose opening DQUOTE is at {@code pos}.
   *
   * @return the position after the closing DQUOTE, or -1 if {@code pos} holds no DQUOTE or the
   *     string is not terminated before {@code end}
   */
  public static int scanQuotedString(byte[] b, int pos, int end) {
    if (pos >= end || b[pos] != '"') {
      return -1;
    }
    pos++;
    while (pos < end) {
      byte c = b[pos];
      if (c == '"') {
        return pos + 1;
      }
      if (c == '\\') {
        // quoted-pair: "\" followed by any octet except CR and LF (§25.1)
        if (pos + 1 >= end || b[pos + 1] == '\r' || b[pos + 1] == '\n') {
          return -1;
        }
        pos += 2;
      } else {
        pos++;
      }
    }
    return -1;
  }

  /** {@code Long.MAX_VALUE / 10}: above it (or at it with a digit past 7) the next digit wraps. */
  private static final long OVERFLOW_EDGE = Long.MAX_VALUE / 10;

  /**
   * Parses {@code 1*DIGIT} spanning exactly {@code [pos, end)}; leading zeros are allowed.
   *
   * @return the value, or -1 if the range is empty, holds a non-digit, or exceeds {@code max}
   *     (overflow is detected before it can wrap into a valid-looking value)
   */
  public static long parseDecimal(byte[] b, int pos, int end, long max) {
    if (pos >= end) {
      return -1;
    }
    long v = 0;
    for (; pos < end; pos++) {
      int d = b[pos] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      if (v >= OVERFLOW_EDGE && (v > OVERFLOW_EDGE || d > 7)) {
        return -1; // v * 10 + d would wrap past Long.MAX_VALUE
      }
      v = v * 10 + d;
      if (v > max) {
        return -1;
      }
    }
    return v;
  }

  /**
   * The position of the comma that ends the list element starting at {@code pos}, or {@code end}.
   * Commas inside quoted strings and inside {@code <...>} do not separate elements
   * (RFC 3261 §7.3.1, §20.10). An unterminated quote or bracket runs to {@code end}.
   */
  public static int listElementEnd(byte[] b, int pos, int end) {
    while (pos < end) {
      byte c = b[pos];
      if (c == ',') {
        return pos;
      } else if (c == '"') {
        int q = scanQuotedString(b, pos, end);
        if (q < 0) {
          return end;
        }
        pos = q;
      } else if (c == '<') {
        while (pos < end && b[pos] != '>') {
          pos++;
        }
        if (pos < end) {
          pos++;
        }
      } else {
        pos++;
      }
    }
    return end;
  }

  /** Whether {@code [pos, end)} equals the ASCII text {@code lowerCase} ignoring ASCII case. */
  public static boolean equalsIgnoreCase(byte[] b, int pos, int end, String lowerCase) {
    int n = lowerCase.length();
    if (end - pos != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (LOWER[b[pos + i] & 0xFF] != lowerCase.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Decodes a token-like range byte for byte (ISO-8859-1), so no byte is ever lost or replaced. */
  public static String latin1(byte[] b, int pos, int end) {
    return new String(b, pos, end - pos, StandardCharsets.ISO_8859_1);
  }

  /** Decodes a display-name-like range as UTF-8 (RFC 3261 §25.1 {@code UTF8-NONASCII}). */
  public static String utf8(byte[] b, int pos, int end) {
    return new String(b, pos, end - pos, StandardCharsets.UTF_8);
  }
}
