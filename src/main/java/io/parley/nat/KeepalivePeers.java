package io.parley.nat;

/**
 * The keepalive actors of the other nodes of the cluster, by the node names flow ids carry: a
 * NATed binding is pinged by the node that owns its AOR, through the node that holds its flow.
 */
public interface KeepalivePeers {

  /**
   * Hands {@code message} to the keepalive actor of {@code node}.
   *
   * @return false when {@code node} is not a reachable member, and nothing was sent
   */
  boolean tell(String node, Keepalives.Command message);

  /** No other nodes: every message for one is refused. */
  KeepalivePeers NONE = (node, message) -> false;
}
