package io.parley.location;

import java.util.List;
import java.util.Set;

/**
 * Where the AOR entities of a node tell which of their bindings are behind a NAT: the node's
 * keepalive pinger (DESIGN.md, Actors: "the NAT keepalive timer of each NATed binding, so every
 * contact is pinged by exactly one node, and the pinger moves with the shard"). The entity tells
 * it on every change, also when the bindings stay while the entity parks; when it stops for a
 * rebalance it tells it none. Calls return at once.
 */
public interface NatedBindings {

  /** The bindings of {@code aor} behind a NAT now; none when it has none here any more. */
  void changed(String aor, List<Binding> nated);

  /** The AOR shards this node hosts now ({@link AorWaker} looks every second). */
  void hosted(Set<String> shards);

  /** Nobody pings. */
  NatedBindings NONE = new NatedBindings() {
    @Override
    public void changed(String aor, List<Binding> nated) {}

    @Override
    public void hosted(Set<String> shards) {}
  };
}
