package io.parley.auth;

import io.parley.common.CborSerializable;
import java.util.Objects;

/**
 * A change of provisioned data that every node must pick up: told over the cluster when a node
 * changed a row (the change itself stays in the database; a notice only names the row, so a
 * node re-reads it, and a notice that arrives twice or late does no harm). Small, and serialized
 * with Jackson CBOR ({@link CborSerializable}).
 */
public sealed interface ProvisioningChange extends CborSerializable {

  /** The subscriber {@code username@domain} was added, changed or removed (and with it, its aliases). */
  record SubscriberChanged(String username, String domain) implements ProvisioningChange {
    public SubscriberChanged {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(domain, "domain");
    }
  }

  /** The alias {@code username@domain} was added or removed. */
  record AliasChanged(String username, String domain) implements ProvisioningChange {
    public AliasChanged {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(domain, "domain");
    }
  }

  /** The row {@code name} of the domain table was added or removed. */
  record DomainChanged(String name) implements ProvisioningChange {
    public DomainChanged {
      Objects.requireNonNull(name, "name");
    }
  }

  /** The row {@code network} (CIDR text) of the trusted_peer table was added or removed. */
  record TrustedPeerChanged(String network) implements ProvisioningChange {
    public TrustedPeerChanged {
      Objects.requireNonNull(network, "network");
    }
  }
}
