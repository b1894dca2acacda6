package io.parley.admin;

import io.parley.auth.DigestAlgorithm;
import io.parley.auth.Subscriber;
import io.parley.auth.SubscriberId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What provisioning shows of a subscriber: its row without the HA1 values (each is
 * password-equivalent for its realm, RFC 7616 §5.4), which algorithms it has one for, and its
 * aliases.
 */
public record ProvisionedSubscriber(Subscriber subscriber, List<SubscriberId> aliases) {

  public ProvisionedSubscriber {
    Objects.requireNonNull(subscriber, "subscriber");
    aliases = List.copyOf(aliases);
  }

  public SubscriberId id() {
    return subscriber.id();
  }

  /** The tokens of the algorithms this subscriber can authenticate with, e.g. {@code SHA-256}. */
  public List<String> algorithms() {
    List<String> tokens = new ArrayList<>(3);
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      if (subscriber.ha1(a) != null) {
        tokens.add(a.token());
      }
    }
    return tokens;
  }
}
