package io.parley.cluster;

import io.parley.message.SipLimits;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import io.parley.message.header.NameAddr;
import io.parley.message.uri.Uri;
import io.parley.transport.Flow;
import io.parley.transport.FlowId;
import io.parley.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The binary forms of what SIP messages are made of when they travel between nodes.
 *
 * <p>A SIP message travels as the octets it arrived in, start line to end of body, copied once
 * on the sending side (into the remoting's buffer or the serialized array). The receiving node
 * indexes them again where they arrived when that array is its own to keep, or after one copy
 * out of the remoting's reused buffer ({@link SipParser}: one pass over start line and header
 * names, ~1 µs for an INVITE); every typed header is parsed there on first use, as at the edge. Nothing parsed
 * travels as objects, so the octets a proxy forwards stay the octets it received (RFC 3261
 * §16.6). URIs and name-addrs travel as their wire forms likewise.
 */
public final class SipWire {
  /**
   * The parser's limits for a message from another node: that node's edge enforced its own
   * limits on it already, which may be above the defaults (a TCP message); here nothing is refused
   * that the edge took, and the copy is bounded by the message's own length.
   */
  private static final SipLimits FROM_A_NODE = new SipLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

  /** Stable codes, independent of the enum's order, so nodes of two versions agree. */
  private static final Transport[] TRANSPORTS = {Transport.UDP, Transport.TCP, Transport.TLS, Transport.WS,
      Transport.WSS};

  private SipWire() {}

  public static void writeMessage(WireWriter out, SipMessage message) {
    out.writeBytes(message.buffer(), message.messageStart(), message.messageEnd() - message.messageStart());
  }

  /**
   * @throws WireFormatException when the octets are missing or no longer parse (a sender of
   *     another version, or corruption)
   */
  public static SipMessage readMessage(WireReader in) {
    WireReader.Slice octets = in.readSlice();
    try {
      return SipParser.parse(octets.array(), octets.offset(), octets.length(), FROM_A_NODE);
    } catch (SipParseException e) {
      throw new WireFormatException("SIP message from another node does not parse: " + e.getMessage(), e);
    }
  }

  public static void writeTransport(WireWriter out, Transport transport) {
    for (int i = 0; i < TRANSPORTS.length; i++) {
      if (TRANSPORTS[i] == transport) {
        out.writeByte(i);
        return;
      }
    }
    throw new IllegalArgumentException("transport without a wire code: " + transport);
  }

  public static Transport readTransport(WireReader in) {
    int code = in.readByte();
    if (code < 0 || code >= TRANSPORTS.length) {
      throw new WireFormatException("unknown transport code " + code);
    }
    return TRANSPORTS[code];
  }

  /**
   * An address as its IP octets (never a name to look up) and port; an unresolved one as its
   * host string.
   */
  public static void writeAddress(WireWriter out, InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    if (ip == null) {
      out.writeBytes(null);
      out.writeString(address.getHostString());
    } else {
      out.writeBytes(ip.getAddress());
    }
    out.writeVarInt(address.getPort());
  }

  public static InetSocketAddress readAddress(WireReader in) {
    byte[] ip = in.readBytes();
    String host = ip == null ? in.readString() : null;
    int port = in.readVarInt();
    if (port > 0xFFFF) {
      throw new WireFormatException("port " + port);
    }
    if (ip == null) {
      if (host == null) {
        throw new WireFormatException("address without a host");
      }
      return InetSocketAddress.createUnresolved(host, port);
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port); // octets: no lookup
    } catch (UnknownHostException e) {
      throw new WireFormatException("address of " + ip.length + " octets", e);
    }
  }

  public static void writeFlowId(WireWriter out, FlowId id) {
    out.writeString(id.node());
    writeTransport(out, id.transport());
    out.writeLong(id.connectionId());
  }

  public static FlowId readFlowId(WireReader in) {
    String node = in.readString();
    Transport transport = readTransport(in);
    long connection = in.readLong();
    try {
      return new FlowId(node, transport, connection);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException(e.getMessage(), e);
    }
  }

  /** A flow: its id (which names the node that holds it) and both addresses. */
  public static void writeFlow(WireWriter out, Flow flow) {
    writeFlowId(out, flow.id());
    writeAddress(out, flow.local());
    writeAddress(out, flow.remote());
  }

  public static Flow readFlow(WireReader in) {
    FlowId id = readFlowId(in);
    return new Flow(id, id.transport(), readAddress(in), readAddress(in));
  }

  /** A flow that may be null. */
  public static void writeOptionalFlow(WireWriter out, Flow flow) {
    out.writeBoolean(flow != null);
    if (flow != null) {
      writeFlow(out, flow);
    }
  }

  public static Flow readOptionalFlow(WireReader in) {
    return in.readBoolean() ? readFlow(in) : null;
  }

  /** A URI as its wire form; read back it is equal octet for octet. */
  public static void writeUri(WireWriter out, Uri uri) {
    out.writeBytes(uri.toBytes());
  }

  public static Uri readUri(WireReader in) {
    byte[] b = in.readBytes();
    if (b == null) {
      throw new WireFormatException("URI missing");
    }
    try {
      return Uri.parseExact(b, 0, b.length);
    } catch (SipParseException e) {
      throw new WireFormatException("URI from another node does not parse: " + e.getMessage(), e);
    }
  }

  /** A name-addr (a Route or Record-Route value) as its wire form. */
  public static void writeNameAddr(WireWriter out, NameAddr value) {
    out.writeBytes(value.toBytes());
  }

  public static NameAddr readNameAddr(WireReader in) {
    byte[] b = in.readBytes();
    if (b == null) {
      throw new WireFormatException("name-addr missing");
    }
    try {
      return NameAddr.parse(b, 0, b.length);
    } catch (SipParseException e) {
      throw new WireFormatException("name-addr from another node does not parse: " + e.getMessage(), e);
    }
  }
}
