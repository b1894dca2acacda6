package io.parley.message.header;

import java.nio.charset.StandardCharsets;

/** Test input helpers. */
final class Bytes {
  private Bytes() {}

  static byte[] of(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code s} placed at offset 3 of a larger buffer, so a parser that ignores {@code off} fails. */
  static byte[] padded(String s) {
    byte[] v = of(s);
    byte[] b = new byte[v.length + 6];
    java.util.Arrays.fill(b, (byte) '#');
    System.arraycopy(v, 0, b, 3, v.length);
    return b;
  }
}
