package io.parley.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link WireWriter} wrote. Every length is checked against what is left, so a
 * truncated or corrupt message fails with {@link WireFormatException} instead of allocating
 * what it claims.
 */
public final class WireReader {
  private final ByteBuffer buf;
  /** Whether the octets are the reader's to keep, so a {@link #readSlice()} need not copy. */
  private final boolean owned;

  private WireReader(ByteBuffer buf, boolean owned) {
    this.buf = buf;
    this.owned = owned;
  }

  /** Reads {@code source} from its position on; it is reused after, so what it returns is copied. */
  public static WireReader of(ByteBuffer source) {
    return new WireReader(source, false);
  }

  /** Reads {@code bytes}, which are the reader's to keep: a {@link #readSlice()} points into them. */
  public static WireReader of(byte[] bytes) {
    return new WireReader(ByteBuffer.wrap(bytes), true);
  }

  /** A range of octets: a byte string as {@link #readSlice()} finds it. */
  public record Slice(byte[] array, int offset, int length) {}

  /**
   * A byte string that must be there, in place when the reader owns its octets, else copied
   * once into an array of exactly its length.
   */
  public Slice readSlice() {
    int n = readVarInt() - 1;
    if (n < 0) {
      throw new WireFormatException("octets missing");
    }
    need(n);
    if (owned) {
      Slice s = new Slice(buf.array(), buf.arrayOffset() + buf.position(), n);
      buf.position(buf.position() + n);
      return s;
    }
    byte[] b = new byte[n];
    buf.get(b);
    return new Slice(b, 0, n);
  }

  public int readByte() {
    need(1);
    return buf.get();
  }

  public boolean readBoolean() {
    return readByte() != 0;
  }

  public int readInt() {
    need(4);
    return buf.getInt();
  }

  public long readLong() {
    need(8);
    return buf.getLong();
  }

  public int readVarInt() {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = readByte();
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (v < 0) {
          break;
        }
        return v;
      }
    }
    throw new WireFormatException("bad varint");
  }

  /** A byte string, or null; a fresh array of exactly its length. */
  public byte[] readBytes() {
    int n = readVarInt();
    if (n == 0) {
      return null;
    }
    n--;
    need(n);
    byte[] b = new byte[n];
    buf.get(b);
    return b;
  }

  /** A string, or null. */
  public String readString() {
    int n = readVarInt();
    if (n == 0) {
      return null;
    }
    n--;
    need(n);
    String s;
    if (buf.hasArray()) {
      s = new String(buf.array(), buf.arrayOffset() + buf.position(), n, StandardCharsets.UTF_8);
      buf.position(buf.position() + n);
    } else {
      byte[] b = new byte[n];
      buf.get(b);
      s = new String(b, StandardCharsets.UTF_8);
    }
    return s;
  }

  /** Whether every octet has been read: a message with more than its type has is corrupt. */
  public void expectEnd() {
    if (buf.hasRemaining()) {
      throw new WireFormatException(buf.remaining() + " octets left over");
    }
  }

  private void need(int n) {
    if (n < 0 || buf.remaining() < n) {
      throw new WireFormatException("truncated: " + n + " octets wanted, " + buf.remaining() + " left");
    }
  }
}
