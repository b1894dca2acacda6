package io.parley.message.uri;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A parsed value that keeps the exact octets it was read from, so that a proxy forwards an
 * unchanged value byte for byte, folded lines, odd spacing and unknown parameters included
 * (RFC 3261 §16.6: a proxy does not reorder or rewrite what it does not change).
 *
 * <p>The octets are a range of a buffer owned by someone else, usually the received datagram;
 * nothing is copied at parse time. A value built or changed programmatically owns a fresh buffer
 * holding its canonical serialization.
 *
 * <p>{@link #equals} compares the octets exactly; semantic comparisons (RFC 3261 §19.1.4 for
 * URIs) are separate methods.
 */
public abstract class WireForm {
  protected final byte[] buf;
  protected final int off;
  protected final int len;

  protected WireForm(byte[] buf, int off, int len) {
    this.buf = buf;
    this.off = off;
    this.len = len;
  }

  /** Number of octets of the wire form. */
  public final int wireLength() {
    return len;
  }

  /** Copies the wire form into {@code dst} at {@code pos}; returns the position after it. */
  public final int writeTo(byte[] dst, int pos) {
    System.arraycopy(buf, off, dst, pos, len);
    return pos + len;
  }

  /** A copy of the wire form. */
  public final byte[] toBytes() {
    return Arrays.copyOfRange(buf, off, off + len);
  }

  /**
   * The wire form decoded as UTF-8, the charset of SIP text (RFC 3261 §7). For a parsed value
   * whose octets are valid UTF-8 this encodes back to exactly the octets received; use
   * {@link #toBytes} where arbitrary octets must survive.
   */
  @Override
  public final String toString() {
    return new String(buf, off, len, StandardCharsets.UTF_8);
  }

  /** The octets of a sub-range as ISO-8859-1 text, the decoding of tokens. */
  protected final String latin1(int from, int length) {
    return new String(buf, from, length, StandardCharsets.ISO_8859_1);
  }

  @Override
  public final boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || o.getClass() != getClass()) {
      return false;
    }
    WireForm w = (WireForm) o;
    return Arrays.equals(buf, off, off + len, w.buf, w.off, w.off + w.len);
  }

  @Override
  public final int hashCode() {
    int h = 1;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + buf[i];
    }
    return h;
  }
}
