package io.parley.cluster;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes values in the compact binary form {@link WireReader} reads: big-endian fixed-width
 * numbers, unsigned varints (7 bits an octet, as protobuf's) for lengths and counts, and byte
 * strings and UTF-8 strings after their length plus one, where 0 means null.
 *
 * <p>Into a buffer it does not own (the remoting's envelope, or an array of the size a
 * {@link #counting()} pass found), so the octets of a SIP message are copied once; a value that
 * does not fit throws {@link BufferOverflowException}. A counting writer writes nothing and
 * only adds up the octets.
 */
public final class WireWriter {
  private final ByteBuffer buf;
  private int counted;

  private WireWriter(ByteBuffer buf) {
    this.buf = buf;
  }

  /** Writes into {@code target} from its position on. */
  public static WireWriter into(ByteBuffer target) {
    return new WireWriter(target);
  }

  /** Counts what would be written: the exact size of an array to write it into. */
  public static WireWriter counting() {
    return new WireWriter(null);
  }

  /** The octets counted, or written into the target. */
  public int size() {
    return counted;
  }

  public WireWriter writeByte(int b) {
    if (room(1)) {
      buf.put((byte) b);
    }
    return this;
  }

  public WireWriter writeBoolean(boolean b) {
    return writeByte(b ? 1 : 0);
  }

  public WireWriter writeInt(int v) {
    if (room(4)) {
      buf.putInt(v);
    }
    return this;
  }

  public WireWriter writeLong(long v) {
    if (room(8)) {
      buf.putLong(v);
    }
    return this;
  }

  /** A non-negative int in 1 to 5 octets. */
  public WireWriter writeVarInt(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative varint " + v);
    }
    if (room(varIntSize(v))) {
      while ((v & ~0x7F) != 0) {
        buf.put((byte) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      buf.put((byte) v);
    }
    return this;
  }

  /** {@code b[off, off+len)}, after its length. */
  public WireWriter writeBytes(byte[] b, int off, int len) {
    writeVarInt(len + 1);
    if (room(len)) {
      buf.put(b, off, len);
    }
    return this;
  }

  /** A byte string that may be null. */
  public WireWriter writeBytes(byte[] b) {
    return b == null ? writeVarInt(0) : writeBytes(b, 0, b.length);
  }

  /** A string that may be null, as UTF-8. */
  public WireWriter writeString(String s) {
    if (s == null) {
      return writeVarInt(0);
    }
    if (buf == null) {
      int n = utf8Length(s);
      counted += varIntSize(n + 1) + n;
      return this;
    }
    return writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private boolean room(int n) {
    counted += n;
    if (buf == null) {
      return false;
    }
    if (buf.remaining() < n) {
      throw new BufferOverflowException();
    }
    return true;
  }

  private static int varIntSize(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** The UTF-8 length of {@code s}, as {@link String#getBytes} encodes it (a lone surrogate: '?'). */
  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
