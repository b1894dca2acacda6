package io.parley.cluster;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * A Pekko serializer of messages that cross nodes in Parley's compact binary form ({@link
 * WireWriter}, {@link WireReader}): a subclass says how to write and read its messages; this
 * gives them the array form (sized first, so the octets are copied once, as sharding's envelope
 * takes its payload) and the buffer form the remoting writes into, in one byte order.
 */
public abstract class WireSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {
  /** Messages read: what reached this node from another, a crossing each (DESIGN.md, Cluster). */
  private final LongAdder received = new LongAdder();

  /** How many messages this serializer has read since the node started: crossings into this node. */
  public final long received() {
    return received.sum();
  }

  /** Writes {@code o}; refuses what is not this serializer's (IllegalArgumentException). */
  protected abstract void write(WireWriter out, Object o);

  /**
   * Reads the message {@code manifest} names. Malformed input may throw {@link
   * WireFormatException}, IllegalArgumentException or NullPointerException: each becomes the
   * NotSerializableException Pekko expects, naming {@link #kind()} and the manifest.
   */
  protected abstract Object read(WireReader in, String manifest) throws NotSerializableException;

  /** What this serializer's messages are, for errors: {@code "call"}, {@code "flow"}, … */
  protected abstract String kind();

  /** The error for a manifest this serializer does not know. */
  protected final NotSerializableException unknown(String manifest) {
    return new NotSerializableException("unknown " + kind() + " message manifest \"" + manifest + "\"");
  }

  private Object readChecked(WireReader in, String manifest) throws NotSerializableException {
    try {
      return read(in, manifest);
    } catch (WireFormatException | IllegalArgumentException | NullPointerException e) {
      NotSerializableException n =
          new NotSerializableException(kind() + " message \"" + manifest + "\": " + e.getMessage());
      n.initCause(e);
      throw n;
    }
  }

  @Override
  public final void toBinary(Object o, ByteBuffer buf) {
    // one byte order whichever way the octets go (the remoting's buffer is little-endian)
    ByteOrder order = buf.order();
    buf.order(ByteOrder.BIG_ENDIAN);
    try {
      write(WireWriter.into(buf), o);
    } finally {
      buf.order(order);
    }
  }

  @Override
  public final byte[] toBinary(Object o) {
    WireWriter counter = WireWriter.counting();
    write(counter, o);
    byte[] bytes = new byte[counter.size()];
    write(WireWriter.into(ByteBuffer.wrap(bytes)), o);
    return bytes;
  }

  @Override
  public final Object fromBinary(ByteBuffer buf, String manifest) throws NotSerializableException {
    ByteOrder order = buf.order();
    buf.order(ByteOrder.BIG_ENDIAN);
    received.increment();
    try {
      return readChecked(WireReader.of(buf), manifest);
    } finally {
      buf.order(order);
    }
  }

  @Override
  public final Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    received.increment();
    WireReader in = WireReader.of(bytes);
    Object message = readChecked(in, manifest);
    in.expectEnd();
    return message;
  }
}
