package io.parley.transaction;

import io.parley.transport.Flow;
import io.parley.transport.FlowId;
import io.parley.transport.SipSender;
import io.parley.transport.Transport;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The transaction layer's way out: the only place it touches the transport (DESIGN.md, Layers:
 * "transaction → transport (its port only)"). Sends happen on the caller's thread: a hand-off to
 * another thread would cost more than the send.
 */
public final class SipPort {
  private final SipSender sender;
  private final Map<Transport, InetSocketAddress> interfaces;
  private final TransactionStats stats;

  /**
   * @param interfaces the address each transport's listen point is bound to: what Via and
   *     Record-Route name (DESIGN.md: they name the node that actually sends and receives)
   */
  public SipPort(SipSender sender, Map<Transport, InetSocketAddress> interfaces) {
    this(sender, interfaces, new TransactionStats());
  }

  /** @param stats where the node's transactions count themselves ({@link #stats()}) */
  public SipPort(SipSender sender, Map<Transport, InetSocketAddress> interfaces, TransactionStats stats) {
    this.sender = sender;
    this.interfaces = new EnumMap<>(interfaces);
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  /** The node's transaction counters, which every transaction sending through this port feeds. */
  public TransactionStats stats() {
    return stats;
  }

  /** Answers a request through the flow it came on. */
  public boolean reply(Inbound request, byte[] bytes) {
    return sender.send(request.flow(), bytes);
  }

  /** Sends through the destination's flow when it has one, else to its address. */
  public boolean send(Destination destination, byte[] bytes) {
    Flow flow = destination.flow();
    return flow != null ? sender.send(flow, bytes)
        : sender.send(destination.transport(), destination.address(), bytes);
  }

  /**
   * The destination of a flow a REGISTER came on, if this node still holds it (RFC 5626 §5.3;
   * DESIGN.md, Flows): its open connection, or its UDP socket and the REGISTER's source.
   *
   * @param flowToken the flow as {@link Inbound#flowToken()} named it
   * @param received the source as {@link Inbound#receivedFrom()} named it, or null
   * @return null when the token is unreadable, another node holds the flow, or it has closed
   */
  public Destination throughFlow(String flowToken, String received) {
    if (flowToken == null) {
      return null;
    }
    FlowId id;
    try {
      id = FlowId.parse(flowToken);
    } catch (IllegalArgumentException e) {
      return null;
    }
    Flow flow = sender.flow(id, Inbound.parseReceived(received));
    return flow == null ? null : Destination.through(flow);
  }

  /**
   * The destination of {@code flow}, a message's own, if this node still holds it; null when
   * another node does (the message crossed to this one) or it has closed.
   */
  public Destination throughFlow(Flow flow) {
    Flow held = sender.flow(flow.id(), flow.remote());
    return held == null ? null : Destination.through(held);
  }

  /**
   * For a UDP flow, its peer reached from this node's own UDP socket: what is left when {@link
   * #throughFlow} finds that another node holds the flow. Null for any other flow, or when
   * {@code received} is unreadable.
   */
  public Destination udpPeer(String flowToken, String received) {
    FlowId id;
    try {
      id = FlowId.parse(flowToken);
    } catch (IllegalArgumentException e) {
      return null;
    }
    InetSocketAddress peer = id.transport() == Transport.UDP ? Inbound.parseReceived(received) : null;
    return peer == null ? null : new Destination(Transport.UDP, peer);
  }

  /** The local address this node sends {@code transport} from, or null if it has no such socket. */
  public InetSocketAddress interfaceFor(Transport transport) {
    return interfaces.get(transport);
  }

  /**
   * The local address this node sends over the transport named {@code token} ("udp", "TCP", …),
   * or null if it has none.
   */
  public InetSocketAddress interfaceFor(String token) {
    try {
      return interfaces.get(Transport.parse(token));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether {@code host:port} is one of this node's own listen addresses. */
  public boolean isOwnAddress(String host, int port) {
    for (InetSocketAddress a : interfaces.values()) {
      if (a.getPort() == port && a.getAddress().getHostAddress().equals(host)) {
        return true;
      }
    }
    return false;
  }

  public List<InetSocketAddress> interfaces() {
    return List.copyOf(interfaces.values());
  }
}
