package io.parley.location;

import io.parley.common.CborSerializable;
import java.util.List;

/**
 * The current bindings of an address-of-record, highest q first (RFC 3261 §16.6: targets are
 * tried in q order), none of them expired. Empty when the AOR is not registered; whether it
 * exists at all is the subscribers' to say (404 or 480, RFC 3261 §16.5).
 */
public record Bindings(List<Binding> bindings) implements CborSerializable {
  public Bindings {
    bindings = List.copyOf(bindings);
  }
}
