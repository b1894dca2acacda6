package io.parley.location;

import io.parley.common.CborSerializable;
import java.util.List;

/**
 * What an operator sees of one address-of-record: its current bindings, highest q first, none
 * expired, and the cluster node whose entity holds them (its Pekko address, e.g. {@code
 * pekko://parley@10.0.0.5:25520}): the node that sends the AOR's NAT keepalives and expires its
 * bindings.
 */
public record Registration(String aor, List<Binding> bindings, String node) implements CborSerializable {
  public Registration {
    bindings = List.copyOf(bindings);
  }
}
