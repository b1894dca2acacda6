package io.parley.cluster;

import java.io.NotSerializableException;
import org.apache.pekko.actor.ExtendedActorSystem;

/**
 * {@link FlowForwarder.SendThrough} between nodes (DESIGN.md, Cluster): the flow ({@link
 * SipWire#writeFlow}) and the message's octets as they are to be sent, compact binary, written
 * straight into the remoting's buffer. Bound in parley-runtime.conf.
 */
public final class FlowMessageSerializer extends WireSerializer {
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
  protected void write(WireWriter out, Object o) {
    if (o instanceof FlowForwarder.SendThrough s) {
      SipWire.writeFlow(out, s.flow());
      out.writeBytes(s.bytes());
    } else {
      manifest(o); // refuses anything else
    }
  }

  @Override
  protected Object read(WireReader in, String manifest) throws NotSerializableException {
    if (!SEND_THROUGH.equals(manifest)) {
      throw unknown(manifest);
    }
    var flow = SipWire.readFlow(in);
    byte[] bytes = in.readBytes();
    if (bytes == null) {
      throw new WireFormatException("SendThrough without octets");
    }
    return new FlowForwarder.SendThrough(flow, bytes);
  }

  @Override
  protected String kind() {
    return "flow";
  }
}
