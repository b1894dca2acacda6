package io.parley.proxy;

import java.util.Objects;

/**
 * Where a request is sent next (RFC 3263 §4, A/AAAA only): a transport, a host to resolve and a
 * port. The caller maps it to a socket address, resolving a host name off the actor thread.
 *
 * @param transport lower case: {@code udp}, {@code tcp}, {@code tls}, {@code ws}, {@code wss},
 *     {@code sctp}, or another token the URI named
 * @param host a host name, an IPv4 address or an IPv6 address without brackets
 * @param port 1..65535
 */
public record Hop(String transport, String host, int port) {
  public Hop {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** Whether the transport is a stream one (anything but UDP), so a message needs a connection. */
  public boolean isReliable() {
    return !"udp".equals(transport);
  }
}
