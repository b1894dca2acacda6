package io.parley.proxy;

import java.util.Objects;

/**
 * How a request reached this node: the socket it came in on and the address it came from. The
 * forwarder stamps the source on the request's topmost Via (RFC 3261 §18.2.1 {@code received},
 * RFC 3581 §4 {@code rport}) and, when the request leaves through another socket, records both
 * (RFC 5658 double Record-Route).
 *
 * @param local the socket the request arrived on
 * @param sourceHost the IP address the request came from (IPv6 with or without brackets)
 * @param sourcePort the port it came from
 * @param flowToken the flow it came on (RFC 5626; {@code Inbound#flowToken}), or null
 * @param received its source as a binding's {@code received} names it, or null
 */
public record Arrival(SipInterface local, String sourceHost, int sourcePort, String flowToken, String received) {
  /** Without its flow. */
  public Arrival(SipInterface local, String sourceHost, int sourcePort) {
    this(local, sourceHost, sourcePort, null, null);
  }

  public Arrival {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(sourceHost, "sourceHost");
    if (sourcePort < 1 || sourcePort > 65535) {
      throw new IllegalArgumentException("port out of range: " + sourcePort);
    }
  }
}
