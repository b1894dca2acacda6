package io.parley.message.uri;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable octet buffer for writing a changed or new value in wire form. */
public final class WireBuilder {
  private byte[] b;
  private int n;

  public WireBuilder(int capacity) {
    b = new byte[Math.max(16, capacity)];
  }

  private void ensure(int more) {
    if (n + more > b.length) {
      b = Arrays.copyOf(b, Math.max(b.length * 2, n + more));
    }
  }

  /** Appends one octet. */
  public WireBuilder append(char c) {
    ensure(1);
    b[n++] = (byte) c;
    return this;
  }

  /** Appends a range of octets. */
  public WireBuilder append(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, b, n, len);
    n += len;
    return this;
  }

  /** Appends text as UTF-8. */
  public WireBuilder append(String s) {
    byte[] u = s.getBytes(StandardCharsets.UTF_8);
    return append(u, 0, u.length);
  }

  /** Appends the wire form of a value. */
  public WireBuilder append(WireForm w) {
    ensure(w.wireLength());
    n = w.writeTo(b, n);
    return this;
  }

  /** Appends a decimal number. */
  public WireBuilder append(long v) {
    return append(Long.toString(v));
  }

  /** Number of octets written. */
  public int length() {
    return n;
  }

  /** The buffer; valid octets are {@code [0, length())}. */
  public byte[] buffer() {
    return b;
  }

  /** A copy of the octets written. */
  public byte[] toBytes() {
    return Arrays.copyOf(b, n);
  }
}
