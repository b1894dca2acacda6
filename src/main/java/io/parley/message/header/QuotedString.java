package io.parley.message.header;

import java.nio.charset.StandardCharsets;

/** Quoting and unquoting of {@code quoted-string} (RFC 3261 §25.1). */
public final class QuotedString {
  private QuotedString() {}

  /**
   * The content of the quoted string at {@code b[off, off+len)} (quotes included in the range):
   * quoted-pairs resolved, the line breaks of folded lines dropped (RFC 3261 §7.3.1), decoded as
   * UTF-8. Escaped control octets such as NUL are kept (RFC 4475 §3.1.1.2).
   */
  public static String unquote(byte[] b, int off, int len) {
    int end = off + len - 1;
    byte[] out = new byte[len];
    int n = 0;
    for (int i = off + 1; i < end; i++) {
      byte c = b[i];
      if (c == '\\' && i + 1 < end) {
        out[n++] = b[++i];
      } else if (c != '\r' && c != '\n') {
        out[n++] = c;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /**
   * {@code s} as a quoted-string: in double quotes, with '"', '\' and control characters
   * escaped as quoted-pairs.
   *
   * @throws IllegalArgumentException when {@code s} holds CR or LF, which no quoted-pair can carry
   */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n') {
        throw new IllegalArgumentException("CR or LF cannot be quoted");
      }
      if (c == '"' || c == '\\' || c < 0x20 && c != '\t' || c == 0x7F) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }
}
