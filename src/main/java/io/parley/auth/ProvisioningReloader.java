package io.parley.auth;

import io.parley.auth.ProvisioningChange.AliasChanged;
import io.parley.auth.ProvisioningChange.DomainChanged;
import io.parley.auth.ProvisioningChange.SubscriberChanged;
import io.parley.auth.ProvisioningChange.TrustedPeerChanged;
import io.parley.common.ServedDomains;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a node re-reads from the database when told of a {@link ProvisioningChange}: exactly the
 * row it names. A subscriber row ({@link SubscriberCache#reload}, which also drops the aliases of
 * a removed one), an alias row ({@link SubscriberCache#reloadAlias}), one row of the domain table
 * ({@link ServedDomains#reread(String, java.util.function.Predicate)}); for a trusted peer the
 * trusted_peer table, which is a handful of networks and feeds one set built whole
 * ({@link TrustedPeers#reload}).
 *
 * <p>A notice says only which row changed, never what it holds now, so applying one twice, late,
 * or on the node that made the change is harmless: the row is read as it is at that moment.
 * Each target serializes its own writes and reads the row inside its turn, so a re-read never
 * puts back a value older than the one it replaces.
 *
 * <p><b>Blocking</b> (JDBC): run it on a dispatcher for blocking work. A failure (the database
 * away, a notice naming no valid row) is thrown to the caller and the cached value stays; the
 * node's periodic full re-read catches up later.
 */
public final class ProvisioningReloader implements Consumer<ProvisioningChange> {
  private final SubscriberCache subscribers;
  private final DomainRepository domains;
  private final ServedDomains served;
  private final TrustedPeers trustedPeers;

  public ProvisioningReloader(SubscriberCache subscribers, DomainRepository domains, ServedDomains served,
      TrustedPeers trustedPeers) {
    this.subscribers = Objects.requireNonNull(subscribers, "subscribers");
    this.domains = Objects.requireNonNull(domains, "domains");
    this.served = Objects.requireNonNull(served, "served");
    this.trustedPeers = Objects.requireNonNull(trustedPeers, "trustedPeers");
  }

  /** Re-reads what {@code change} names. Blocking. */
  @Override
  public void accept(ProvisioningChange change) {
    if (change instanceof SubscriberChanged s) {
      subscribers.reload(s.username(), s.domain());
    } else if (change instanceof AliasChanged a) {
      subscribers.reloadAlias(a.username(), a.domain());
    } else if (change instanceof DomainChanged d) {
      // a configured domain is served whatever the table holds; the table's row is read all the same
      served.reread(d.name(), domains::exists);
    } else if (change instanceof TrustedPeerChanged) {
      trustedPeers.reload();
    } else {
      throw new IllegalArgumentException("unknown provisioning change " + change);
    }
  }
}
