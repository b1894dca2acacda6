package io.parley.call;

import io.parley.cluster.WireFormatException;
import io.parley.cluster.WireReader;
import io.parley.cluster.WireRefs;
import io.parley.cluster.WireSerializer;
import io.parley.cluster.WireWriter;
import io.parley.transaction.Inbound;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The call entity's messages between nodes (DESIGN.md, Cluster): what sharding delivers to an
 * entity on another node ({@link CallEntity.RequestReceived}, {@link CallEntity.ResponseReceived},
 * {@link CallEntity.EndDialog}, {@link CallEntity.Resume}, {@link CallEntity.Unpark}), the reply
 * {@link CallEntity.EndDialogReply}, and the entity's timer and stop messages, which never leave
 * their node but cost nothing to cover. Bound in parley-runtime.conf.
 *
 * <p>Compact binary ({@link CallWire}, {@link io.parley.cluster.SipWire}): a SIP message as its
 * octets, copied once on each side: written straight into the remoting's buffer
 * ({@link ByteBufferSerializer}) or into an array sized beforehand (sharding's envelope, which
 * carries its payload as an array); read in place from an array the receiver keeps. Actor
 * references travel through {@link WireRefs}.
 *
 * <p>{@link CallEntity.RequestReceived#receivedNanos()} is a {@link System#nanoTime()} of the
 * sending JVM, meaningless in another: the request's age travels, and the receiver sets its own
 * clock back by it. The time on the wire between them is not counted.
 */
public final class CallMessageSerializer extends WireSerializer {
  /** Pekko reserves 0–40; Jackson's take 31–33. */
  public static final int IDENTIFIER = 5060;

  static final String REQUEST = "Rq";
  static final String RESPONSE = "Rs";
  static final String END_DIALOG = "Ed";
  static final String END_DIALOG_REPLY = "EdR";
  static final String RESUME = "Re";
  static final String UNPARK = "Up";
  static final String DIALOG_TIMEOUT = "Dt";
  static final String PING_DUE = "Pi";
  static final String PERSIST_DUE = "Pe";
  static final String STOP = "St";

  private final WireRefs refs;

  public CallMessageSerializer(ExtendedActorSystem system) {
    this.refs = new WireRefs(system);
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof CallEntity.RequestReceived) {
      return REQUEST;
    } else if (o instanceof CallEntity.ResponseReceived) {
      return RESPONSE;
    } else if (o instanceof CallEntity.EndDialog) {
      return END_DIALOG;
    } else if (o instanceof CallEntity.EndDialogReply) {
      return END_DIALOG_REPLY;
    } else if (o instanceof CallEntity.Resume) {
      return RESUME;
    } else if (o instanceof CallEntity.Unpark) {
      return UNPARK;
    } else if (o == CallEntity.DialogTimeout.INSTANCE) {
      return DIALOG_TIMEOUT;
    } else if (o == CallEntity.PingDue.INSTANCE) {
      return PING_DUE;
    } else if (o == CallEntity.PersistDue.INSTANCE) {
      return PERSIST_DUE;
    } else if (o == CallEntity.Stop.INSTANCE) {
      return STOP;
    }
    throw new IllegalArgumentException("not a call message that crosses nodes: " + o.getClass().getName());
  }

  @Override
  protected void write(WireWriter out, Object o) {
    if (o instanceof CallEntity.RequestReceived r) {
      CallWire.writeInbound(out, r.inbound());
      out.writeLong(Math.max(0, System.nanoTime() - r.receivedNanos()));
      out.writeBoolean(r.admitted() != null);
      if (r.admitted() != null) {
        CallWire.writeAdmitted(out, r.admitted(), r.inbound().message());
      }
    } else if (o instanceof CallEntity.ResponseReceived r) {
      CallWire.writeInbound(out, r.inbound());
    } else if (o instanceof CallEntity.EndDialog e) {
      out.writeString(refs.write(e.replyTo()));
    } else if (o instanceof CallEntity.EndDialogReply r) {
      CallWire.writeDialog(out, r.ended());
      CallWire.writeDialog(out, r.found());
    } else if (o instanceof CallEntity.Resume r) {
      CallWire.writeDialog(out, r.dialog());
    } else if (o instanceof CallEntity.Unpark u) {
      CallWire.writeParked(out, u.call());
    } else {
      manifest(o); // the singletons have no content; anything else is refused there
    }
  }

  @Override
  protected Object read(WireReader in, String manifest) throws NotSerializableException {
    switch (manifest) {
      case REQUEST: {
        Inbound inbound = CallWire.readInbound(in);
        long age = in.readLong();
        long receivedNanos = System.nanoTime() - age;
        return new CallEntity.RequestReceived(inbound,
            in.readBoolean() ? CallWire.readAdmitted(in, inbound.message()) : null, receivedNanos);
      }
      case RESPONSE:
        return new CallEntity.ResponseReceived(CallWire.readInbound(in));
      case END_DIALOG: {
        String ref = in.readString();
        if (ref == null) {
          throw new WireFormatException("EndDialog without replyTo");
        }
        ActorRef<CallEntity.EndDialogReply> replyTo = refs.read(ref);
        return new CallEntity.EndDialog(replyTo);
      }
      case END_DIALOG_REPLY:
        return new CallEntity.EndDialogReply(CallWire.readDialog(in), CallWire.readDialog(in));
      case RESUME:
        return new CallEntity.Resume(CallWire.readDialog(in));
      case UNPARK:
        return new CallEntity.Unpark(CallWire.readParked(in));
      case DIALOG_TIMEOUT:
        return CallEntity.DialogTimeout.INSTANCE;
      case PING_DUE:
        return CallEntity.PingDue.INSTANCE;
      case PERSIST_DUE:
        return CallEntity.PersistDue.INSTANCE;
      case STOP:
        return CallEntity.Stop.INSTANCE;
      default:
        throw unknown(manifest);
    }
  }

  @Override
  protected String kind() {
    return "call";
  }
}
