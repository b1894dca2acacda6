package io.parley.message.uri;

import java.nio.charset.StandardCharsets;

/**
 * The {@code escaped = "%" HEXDIG HEXDIG} mechanism of URIs (RFC 3261 §25.1, RFC 3986 §2.1).
 *
 * <p>Unescaping happens exactly once and never stops at an escaped NUL: {@code v%61lue%25%34%31}
 * becomes {@code value%41}, and {@code null-%00-null} keeps all eleven octets (RFC 4475 §3.1.1.3
 * and §3.1.1.4).
 */
public final class PercentEscapes {
  private PercentEscapes() {}

  /**
   * Checks that {@code b[off, end)} holds only characters of {@code classes} and well-formed
   * escapes; returns the index of the first offending byte, or -1 when the range is clean.
   */
  public static int firstInvalid(byte[] b, int off, int end, int classes) {
    for (int i = off; i < end; i++) {
      byte c = b[i];
      if (c == '%') {
        if (i + 2 >= end) {
          return i;
        }
        if (SipChars.hexValue(b[i + 1]) < 0 || SipChars.hexValue(b[i + 2]) < 0) {
          return i;
        }
        i += 2;
      } else if (!SipChars.is(c, classes)) {
        return i;
      }
    }
    return -1;
  }

  /** The octets of {@code b[off, off+len)} with each escape replaced by the octet it names. */
  public static byte[] unescape(byte[] b, int off, int len) {
    int end = off + len;
    int n = 0;
    byte[] out = new byte[len];
    for (int i = off; i < end; i++) {
      byte c = b[i];
      if (c == '%' && i + 2 < end) {
        int hi = SipChars.hexValue(b[i + 1]);
        int lo = SipChars.hexValue(b[i + 2]);
        if (hi >= 0 && lo >= 0) {
          out[n++] = (byte) (hi << 4 | lo);
          i += 2;
          continue;
        }
      }
      out[n++] = c;
    }
    if (n == len) {
      return out;
    }
    byte[] trimmed = new byte[n];
    System.arraycopy(out, 0, trimmed, 0, n);
    return trimmed;
  }

  /** The unescaped octets of a range, decoded as UTF-8 (RFC 3986 §2.5). */
  public static String unescapeToString(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] == '%') {
        return new String(unescape(b, off, len), StandardCharsets.UTF_8);
      }
    }
    return new String(b, off, len, StandardCharsets.UTF_8);
  }

  /**
   * Compares two ranges octet by octet after unescaping both.
   *
   * @param ignoreCase whether ASCII letters compare case-insensitively
   */
  public static boolean equalUnescaped(
      byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen, boolean ignoreCase) {
    int i = aOff;
    int aEnd = aOff + aLen;
    int j = bOff;
    int bEnd = bOff + bLen;
    while (i < aEnd && j < bEnd) {
      int ca = a[i] & 0xFF;
      if (ca == '%' && i + 2 < aEnd && SipChars.hexValue(a[i + 1]) >= 0
          && SipChars.hexValue(a[i + 2]) >= 0) {
        ca = SipChars.hexValue(a[i + 1]) << 4 | SipChars.hexValue(a[i + 2]);
        i += 3;
      } else {
        i++;
      }
      int cb = b[j] & 0xFF;
      if (cb == '%' && j + 2 < bEnd && SipChars.hexValue(b[j + 1]) >= 0
          && SipChars.hexValue(b[j + 2]) >= 0) {
        cb = SipChars.hexValue(b[j + 1]) << 4 | SipChars.hexValue(b[j + 2]);
        j += 3;
      } else {
        j++;
      }
      if (ignoreCase ? SipChars.lower(ca) != SipChars.lower(cb) : ca != cb) {
        return false;
      }
    }
    return i == aEnd && j == bEnd;
  }

  /** Compares a range, after unescaping, with an ASCII name, ignoring case. */
  public static boolean equalsIgnoreCaseUnescaped(byte[] b, int off, int len, String s) {
    int i = off;
    int end = off + len;
    int k = 0;
    int n = s.length();
    while (i < end && k < n) {
      int c = b[i] & 0xFF;
      if (c == '%' && i + 2 < end && SipChars.hexValue(b[i + 1]) >= 0
          && SipChars.hexValue(b[i + 2]) >= 0) {
        c = SipChars.hexValue(b[i + 1]) << 4 | SipChars.hexValue(b[i + 2]);
        i += 3;
      } else {
        i++;
      }
      if (SipChars.lower(c) != SipChars.lower(s.charAt(k++))) {
        return false;
      }
    }
    return i == end && k == n;
  }
}
