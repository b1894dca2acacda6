package io.parley.transaction;

import io.parley.transport.Flow;
import io.parley.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a request goes next: a transport and an address (RFC 3263 §4 once resolved), or a flow
 * of this node that a registered contact is reached through (RFC 5626 §5.3).
 *
 * @param flow the flow to send through (its transport and remote address are the other two
 *     components), or null to send to the address from this node's listening socket, or on a
 *     connection to it
 */
public record Destination(Transport transport, InetSocketAddress address, Flow flow) {

  /** A destination reached directly, not through a flow. */
  public Destination(Transport transport, InetSocketAddress address) {
    this(transport, address, null);
  }

  /** Through {@code flow}: the connection or UDP socket and peer it names. */
  public static Destination through(Flow flow) {
    return new Destination(flow.transport(), flow.remote(), flow);
  }

  /**
   * A destination from a next hop whose host is an IP literal; null when the host is a name that
   * needs DNS (resolved elsewhere, never on an actor thread) or the transport is unknown.
   */
  public static Destination ofLiteral(String transport, String host, int port) {
    Transport t;
    try {
      t = Transport.parse(transport.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!isIpLiteral(h)) {
      return null;
    }
    try {
      // a literal is parsed, never looked up
      return new Destination(t, new InetSocketAddress(InetAddress.getByName(h), port));
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The transport in lower case, as a URI's transport parameter names it ("udp", "tcp"). */
  public String transportName() {
    return transport.lowerName();
  }

  /** Whether the transport retransmits for us (RFC 3261 §17.1.1.2: no timers A and E then). */
  public boolean isReliable() {
    return transport.isReliable();
  }

  /**
   * Whether sending there is allowed at all: never to a broadcast, multicast or unspecified
   * address (RFC 4475 §3.3.10: a proxy must not forward to 255.255.255.255).
   */
  public boolean isRoutable() {
    InetAddress a = address.getAddress();
    if (a.isMulticastAddress() || a.isAnyLocalAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    return !(b.length == 4 && (b[3] & 0xff) == 255);
  }

  private static boolean isIpLiteral(String h) {
    if (h.indexOf(':') >= 0) {
      return true; // IPv6
    }
    int dots = 0;
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }
}
