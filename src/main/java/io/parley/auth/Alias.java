package io.parley.auth;

import java.util.Objects;

/** A row of the alias table: requests for {@code alias} are for {@code subscriber}. */
public record Alias(SubscriberId alias, SubscriberId subscriber) {
  public Alias {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(subscriber, "subscriber");
  }
}
