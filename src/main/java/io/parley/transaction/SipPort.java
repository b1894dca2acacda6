package io.parley.transaction;

import io.parley.transport.SipSender;
import io.parley.transport.Transport;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The transaction layer's way out: the only place it touches the transport (DESIGN.md, Layers:
 * "transaction → transport (its port only)"). Sends happen on the caller's thread: a hand-off to
 * another thread would cost more than the send.
 */
public final class SipPort {
  private final SipSender sender;
  private final Map<Transport, InetSocketAddress> interfaces;

  /**
   * @param interfaces the address each transport's listen point is bound to: what Via and
   *     Record-Route name (DESIGN.md: they name the node that actually sends and receives)
   */
  public SipPort(SipSender sender, Map<Transport, InetSocketAddress> interfaces) {
    this.sender = sender;
    this.interfaces = new EnumMap<>(interfaces);
  }

  /** Answers a request through the flow it came on. */
  public boolean reply(Inbound request, byte[] bytes) {
    return sender.send(request.flow(), bytes);
  }

  public boolean send(Destination destination, byte[] bytes) {
    return sender.send(destination.transport(), destination.address(), bytes);
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
