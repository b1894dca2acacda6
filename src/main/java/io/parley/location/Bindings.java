package io.parley.location;

import io.parley.common.CborSerializable;
import java.util.List;

/**
 * The current bindings of an address-of-record, highest q first (RFC 3261 §16.6: targets are
 * tried in q order), none of them expired. Empty when the AOR is not registered.
 */
public record Bindings(List<Binding> bindings) implements CborSerializable {
  public Bindings {
    bindings = List.copyOf(bindings);
  }
}
