package io.parley.call;

import io.parley.cluster.SipWire;
import io.parley.cluster.WireFormatException;
import io.parley.cluster.WireReader;
import io.parley.cluster.WireWriter;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogLeg;
import io.parley.dialog.DialogState;
import io.parley.message.SipMessage;
import io.parley.message.SipRequest;
import io.parley.message.header.NameAddr;
import io.parley.proxy.Caller;
import io.parley.proxy.PreprocessedRequest;
import io.parley.transaction.Destination;
import io.parley.transaction.Inbound;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary forms of the values a call entity's messages carry between nodes, on top of
 * {@link SipWire}. Enums travel as fixed codes, independent of their order in the source.
 */
final class CallWire {
  private static final Caller[] CALLERS = {Caller.STRANGER, Caller.SUBSCRIBER, Caller.TRUSTED};
  private static final DialogState[] STATES = {DialogState.EARLY, DialogState.CONFIRMED, DialogState.TERMINATED};

  private CallWire() {}

  static void writeInbound(WireWriter out, Inbound inbound) {
    SipWire.writeMessage(out, inbound.message());
    SipWire.writeFlow(out, inbound.flow());
  }

  static Inbound readInbound(WireReader in) {
    SipMessage message = SipWire.readMessage(in);
    return new Inbound(message, SipWire.readFlow(in));
  }

  /**
   * What the edge decided about a new request (RFC 3261 §16.4 route preprocessing, and who the
   * caller is): carried as decided, for the receiving node has neither the credentials' state
   * nor the trusted-peer list in hand. The request itself travels once: here only whether it is
   * the {@link Inbound}'s message, which it always is when the edge sends it.
   */
  static void writeAdmitted(WireWriter out, PreprocessedRequest admitted, SipMessage inboundMessage) {
    boolean sameRequest = admitted.request() == inboundMessage;
    out.writeBoolean(sameRequest);
    if (!sameRequest) {
      SipWire.writeMessage(out, admitted.request());
    }
    SipWire.writeUri(out, admitted.requestUri());
    out.writeBoolean(admitted.requestUriReplaced());
    out.writeVarInt(admitted.routes().size());
    for (NameAddr route : admitted.routes()) {
      SipWire.writeNameAddr(out, route);
    }
    out.writeBoolean(admitted.routesChanged());
    out.writeString(admitted.home());
    out.writeVarInt(admitted.consumedCredentials() + 1); // -1: none
    out.writeByte(code(CALLERS, admitted.caller()));
  }

  static PreprocessedRequest readAdmitted(WireReader in, SipMessage inboundMessage) {
    SipMessage message = in.readBoolean() ? inboundMessage : SipWire.readMessage(in);
    if (!(message instanceof SipRequest request)) {
      throw new WireFormatException("an admitted request that is a response");
    }
    var uri = SipWire.readUri(in);
    boolean uriReplaced = in.readBoolean();
    int n = in.readVarInt();
    List<NameAddr> routes = new ArrayList<>(Math.min(n, 16));
    for (int i = 0; i < n; i++) {
      routes.add(SipWire.readNameAddr(in));
    }
    boolean routesChanged = in.readBoolean();
    String home = in.readString();
    int consumed = in.readVarInt() - 1;
    Caller caller = byCode(CALLERS, in.readByte(), "caller");
    return new PreprocessedRequest(request, uri, uriReplaced, routes, routesChanged, home, consumed, caller);
  }

  static void writeDialog(WireWriter out, DialogInfo d) {
    out.writeBoolean(d != null);
    if (d == null) {
      return;
    }
    out.writeString(d.callId());
    out.writeByte(code(STATES, d.state()));
    writeLeg(out, d.caller());
    writeLeg(out, d.callee());
    out.writeString(d.originalUri());
    out.writeString(d.finalUri());
    out.writeLong(d.setupMillis());
    out.writeLong(d.answerMillis());
    out.writeLong(d.deadlineMillis());
    out.writeString(d.node());
    out.writeString(d.home());
    out.writeLong(d.sessionMillis());
    out.writeLong(d.sessionExpiresAt());
  }

  static DialogInfo readDialog(WireReader in) {
    if (!in.readBoolean()) {
      return null;
    }
    return new DialogInfo(in.readString(), byCode(STATES, in.readByte(), "dialog state"), readLeg(in), readLeg(in),
        in.readString(), in.readString(), in.readLong(), in.readLong(), in.readLong(), in.readString(),
        in.readString(), in.readLong(), in.readLong());
  }

  private static void writeLeg(WireWriter out, DialogLeg leg) {
    out.writeBoolean(leg != null);
    if (leg == null) {
      return;
    }
    out.writeString(leg.uri());
    out.writeString(leg.tag());
    out.writeString(leg.contact());
    out.writeVarInt(leg.routeSet().size());
    for (String route : leg.routeSet()) {
      out.writeString(route);
    }
    out.writeLong(leg.cseq());
    out.writeString(leg.flow());
  }

  private static DialogLeg readLeg(WireReader in) {
    if (!in.readBoolean()) {
      return null;
    }
    String uri = in.readString();
    String tag = in.readString();
    String contact = in.readString();
    int n = in.readVarInt();
    List<String> routes = new ArrayList<>(Math.min(n, 16));
    for (int i = 0; i < n; i++) {
      routes.add(in.readString());
    }
    return new DialogLeg(uri, tag, contact, routes, in.readLong(), in.readString());
  }

  /** A parked call, without its wake-up: that belongs to the node that parked it. */
  static void writeParked(WireWriter out, ParkedCall call) {
    writeDialog(out, call.info);
    out.writeLong(call.sessionMillis);
    out.writeLong(call.sessionExpiresAt);
    out.writeBoolean(call.kept);
    if (call.counted == null) {
      out.writeVarInt(0);
    } else {
      out.writeVarInt(call.counted.length + 1);
      for (String key : call.counted) {
        out.writeString(key);
      }
    }
    writeDestination(out, call.callerWay);
    writeDestination(out, call.calleeWay);
  }

  static ParkedCall readParked(WireReader in) {
    DialogInfo info = readDialog(in);
    long sessionMillis = in.readLong();
    long sessionExpiresAt = in.readLong();
    boolean kept = in.readBoolean();
    int n = in.readVarInt();
    String[] counted = null;
    if (n > 0) {
      counted = new String[Math.min(n - 1, 64)];
      if (n - 1 > counted.length) {
        throw new WireFormatException(n - 1 + " call counts");
      }
      for (int i = 0; i < counted.length; i++) {
        counted[i] = in.readString();
      }
    }
    return new ParkedCall(info, sessionMillis, sessionExpiresAt, kept, counted, readDestination(in),
        readDestination(in));
  }

  private static void writeDestination(WireWriter out, Destination d) {
    out.writeBoolean(d != null);
    if (d == null) {
      return;
    }
    SipWire.writeTransport(out, d.transport());
    SipWire.writeAddress(out, d.address());
    SipWire.writeOptionalFlow(out, d.flow());
  }

  private static Destination readDestination(WireReader in) {
    if (!in.readBoolean()) {
      return null;
    }
    return new Destination(SipWire.readTransport(in), SipWire.readAddress(in), SipWire.readOptionalFlow(in));
  }

  private static <E> int code(E[] codes, E value) {
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] == value) {
        return i;
      }
    }
    throw new IllegalArgumentException("no wire code for " + value);
  }

  private static <E> E byCode(E[] codes, int code, String what) {
    if (code < 0 || code >= codes.length) {
      throw new WireFormatException("unknown " + what + " code " + code);
    }
    return codes[code];
  }
}
