package io.parley.cluster;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * {@link FlowForwarder.SendThrough} between nodes (DESIGN.md, Cluster): the flow ({@link
 * SipWire#writeFlow}) and the message's octets as they are to be sent, compact binary, written
 * straight into the remoting's buffer. Bound in parley-runtime.conf.
 */
public final class FlowMessageSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {
  /** Pekko reserves 0–40; Jackson's take 31–33; the call entity's is 5060. */
  public static final int IDENTIFIER = 5061;

  static final String SEND_THROUGH = "St";

  public FlowMessageSerializer(ExtendedActorSystem system) {
    // nothing of the system is needed: no actor references travel
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof FlowForwarder.SendThrough) {
      return SEND_THROUGH;
    }
    throw new IllegalArgumentException("not a flow message that crosses nodes: " + o.getClass().getName());
  }

  @Override
  public void toBinary(Object o, ByteBuffer buf) {
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
  public byte[] toBinary(Object o) {
    WireWriter counter = WireWriter.counting();
    write(counter, o);
    byte[] bytes = new byte[counter.size()];
    write(WireWriter.into(ByteBuffer.wrap(bytes)), o);
    return bytes;
  }

  @Override
  public Object fromBinary(ByteBuffer buf, String manifest) throws NotSerializableException {
    ByteOrder order = buf.order();
    buf.order(ByteOrder.BIG_ENDIAN);
    try {
      return read(WireReader.of(buf), manifest);
    } finally {
      buf.order(order);
    }
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    WireReader in = WireReader.of(bytes);
    Object message = read(in, manifest);
    in.expectEnd();
    return message;
  }

  private void write(WireWriter out, Object o) {
    if (o instanceof FlowForwarder.SendThrough s) {
      SipWire.writeFlow(out, s.flow());
      out.writeBytes(s.bytes());
    } else {
      manifest(o); // refuses anything else
    }
  }

  private Object read(WireReader in, String manifest) throws NotSerializableException {
    try {
      if (!SEND_THROUGH.equals(manifest)) {
        throw new NotSerializableException("unknown flow message manifest \"" + manifest + "\"");
      }
      var flow = SipWire.readFlow(in);
      byte[] bytes = in.readBytes();
      if (bytes == null) {
        throw new WireFormatException("SendThrough without octets");
      }
      return new FlowForwarder.SendThrough(flow, bytes);
    } catch (WireFormatException | IllegalArgumentException e) {
      NotSerializableException n = new NotSerializableException("flow message \"" + manifest + "\": " + e.getMessage());
      n.initCause(e);
      throw n;
    }
  }
}
