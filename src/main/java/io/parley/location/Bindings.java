package io.parley.location;

import io.parley.common.CborSerializable;
import java.util.List;

/**
 * The current bindings of an address-of-record, highest q first (RFC 3261 §16.6: targets are
 * tried in q order), none of them expired. Empty when the AOR is not registered.
 *
 * @param everRegistered whether the AOR has ever had a binding (its journal is not empty): a
 *     proxy answers an AOR without bindings 480 when it has, 404 when it never has (RFC 3261
 *     §16.5, until subscribers say which AORs exist)
 */
public record Bindings(List<Binding> bindings, boolean everRegistered) implements CborSerializable {
  public Bindings {
    bindings = List.copyOf(bindings);
    everRegistered = everRegistered || !bindings.isEmpty();
  }

  /** Bindings of an AOR that has them, or never had any when empty. */
  public Bindings(List<Binding> bindings) {
    this(bindings, false);
  }
}
