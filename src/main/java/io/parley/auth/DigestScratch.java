package io.parley.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * One thread's {@link MessageDigest} and the buffers that feed it, so hashing a handful of short
 * ASCII values allocates nothing but the hex result. Confined to its thread by
 * {@link DigestAlgorithm}'s ThreadLocal.
 */
final class DigestScratch {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final MessageDigest digest;
  private byte[] buffer = new byte[256];
  private int length;

  DigestScratch(MessageDigest digest) {
    this.digest = digest;
  }

  void appendColon() {
    ensure(1);
    buffer[length++] = ':';
  }

  /** Appends the UTF-8 octets of {@code s}; ASCII, the usual case, is copied byte by byte. */
  void append(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        appendUtf8(s, i);
        return;
      }
      buffer[length++] = (byte) c;
    }
  }

  private void appendUtf8(String s, int from) {
    byte[] rest = s.substring(from).getBytes(StandardCharsets.UTF_8);
    ensure(rest.length);
    System.arraycopy(rest, 0, buffer, length, rest.length);
    length += rest.length;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      byte[] bigger = new byte[Math.max(buffer.length * 2, length + more)];
      System.arraycopy(buffer, 0, bigger, 0, length);
      buffer = bigger;
    }
  }

  /** Hashes what was appended, resets for the next value and returns the lowercase hex digest. */
  String finish() {
    digest.update(buffer, 0, length);
    length = 0;
    if (buffer.length > 4096) {
      // One oversized value (a long URI) should not pin a large buffer to the thread forever.
      buffer = new byte[256];
    }
    byte[] d = digest.digest();
    char[] hex = new char[d.length * 2];
    for (int i = 0; i < d.length; i++) {
      hex[2 * i] = HEX[(d[i] >> 4) & 0xf];
      hex[2 * i + 1] = HEX[d[i] & 0xf];
    }
    return new String(hex);
  }
}
