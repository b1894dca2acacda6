package io.parley.location;

import io.parley.cluster.WireFormatException;
import io.parley.cluster.WireReader;
import io.parley.cluster.WireRefs;
import io.parley.cluster.WireSerializer;
import io.parley.cluster.WireWriter;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The AOR lookup of a call as it crosses nodes (DESIGN.md, Cluster): {@link AorEntity.GetBindings}
 * and its answer {@link Bindings}, in the cluster's compact binary form ({@link WireSerializer}),
 * not as Jackson CBOR. In a cluster of N nodes, (N-1)/N of the calls' lookups cross, each an ask
 * and an answer. The other messages of the location service, and its events in the journal, stay
 * with Jackson. Actor references travel through {@link WireRefs}.
 */
public final class AorMessageSerializer extends WireSerializer {
  /** Pekko reserves 0–40; Jackson's take 31–33; the call's 5060, the flows' 5061. */
  public static final int IDENTIFIER = 5063;

  static final String GET_BINDINGS = "Gb";
  /** Bindings with whether each is behind a NAT; what this version writes. */
  static final String BINDINGS = "B2";
  /** Bindings as versions before NAT detection wrote them: read, for a cluster in a rolling upgrade. */
  static final String BINDINGS_V1 = "B";

  private final WireRefs refs;

  public AorMessageSerializer(ExtendedActorSystem system) {
    this.refs = new WireRefs(system);
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof AorEntity.GetBindings) {
      return GET_BINDINGS;
    } else if (o instanceof Bindings) {
      return BINDINGS;
    }
    throw new IllegalArgumentException("not an AOR message of this serializer: " + o.getClass().getName());
  }

  @Override
  protected void write(WireWriter out, Object o) {
    if (o instanceof AorEntity.GetBindings g) {
      out.writeString(refs.write(g.replyTo()));
    } else if (o instanceof Bindings b) {
      out.writeVarInt(b.bindings().size());
      for (Binding x : b.bindings()) {
        writeBinding(out, x);
      }
    } else {
      manifest(o);
    }
  }

  @Override
  protected Object read(WireReader in, String manifest) throws NotSerializableException {
    switch (manifest) {
      case GET_BINDINGS: {
        String ref = in.readString();
        if (ref == null) {
          throw new WireFormatException("GetBindings without replyTo");
        }
        ActorRef<Bindings> replyTo = refs.read(ref);
        return new AorEntity.GetBindings(replyTo);
      }
      case BINDINGS, BINDINGS_V1: {
        boolean withNat = manifest.equals(BINDINGS);
        int n = in.readVarInt();
        if (n < 0 || n > 10_000) {
          throw new WireFormatException("bindings count " + n);
        }
        List<Binding> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(readBinding(in, withNat));
        }
        return new Bindings(list);
      }
      default:
        throw unknown(manifest);
    }
  }

  @Override
  protected String kind() {
    return "AOR";
  }

  private static void writeBinding(WireWriter out, Binding b) {
    out.writeString(b.contact());
    out.writeInt(b.q());
    out.writeString(b.params());
    out.writeLong(b.expiresAt());
    out.writeLong(b.leaseUntil());
    out.writeString(b.callId());
    out.writeLong(b.cseq());
    out.writeString(b.flowId());
    out.writeVarInt(b.path().size());
    for (String p : b.path()) {
      out.writeString(p);
    }
    out.writeString(b.instanceId());
    out.writeInt(b.regId());
    out.writeString(b.received());
    out.writeLong(b.registeredAt());
    out.writeString(b.userAgent());
    out.writeByte(b.behindNat() == null ? 0 : b.behindNat() ? 2 : 1);
  }

  private static Binding readBinding(WireReader in, boolean withNat) {
    String contact = in.readString();
    int q = in.readInt();
    String params = in.readString();
    long expiresAt = in.readLong();
    long leaseUntil = in.readLong();
    String callId = in.readString();
    long cseq = in.readLong();
    String flowId = in.readString();
    int n = in.readVarInt();
    if (n < 0 || n > 1_000) {
      throw new WireFormatException("path count " + n);
    }
    List<String> path = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      path.add(in.readString());
    }
    String instanceId = in.readString();
    int regId = in.readInt();
    String received = in.readString();
    long registeredAt = in.readLong();
    String userAgent = in.readString();
    Boolean behindNat = null;
    if (withNat) {
      int nat = in.readByte();
      if (nat < 0 || nat > 2) {
        throw new WireFormatException("behind-NAT flag " + nat);
      }
      behindNat = nat == 0 ? null : nat == 2;
    }
    return new Binding(contact, q, params, expiresAt, leaseUntil, callId, cseq, flowId, path, instanceId, regId,
        received, registeredAt, userAgent, behindNat);
  }
}
