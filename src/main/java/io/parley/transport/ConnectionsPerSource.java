package io.parley.transport;

import io.parley.common.SourceAddress;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many accepted connections each source has open, for {@link
 * TransportSettings#tcpMaxConnectionsPerSource()}. A source is an IPv4 address, or the /64 of an
 * IPv6 address: one subscriber line usually gets a whole /64, so counting single IPv6 addresses
 * would let one peer open connections from as many addresses as it likes.
 *
 * <p>An entry leaves the map when its count returns to 0, so the map holds at most one entry per
 * open connection, whatever the number of addresses that ever connected.
 */
final class ConnectionsPerSource {

  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

  /** The source a remote address counts under ({@link SourceAddress}). */
  static InetAddress sourceOf(InetAddress address) {
    return SourceAddress.of(address);
  }

  /** Counts one more connection from {@code source}; returns how many it has open now. */
  int opened(InetAddress source) {
    return open.merge(source, 1, Integer::sum);
  }

  /** Counts one connection from {@code source} less. */
  void closed(InetAddress source) {
    open.computeIfPresent(source, (s, n) -> n > 1 ? n - 1 : null);
  }

  /** Connections open from {@code source}. */
  int count(InetAddress source) {
    return open.getOrDefault(source, 0);
  }

  /** Sources with a connection open. */
  int sources() {
    return open.size();
  }
}
