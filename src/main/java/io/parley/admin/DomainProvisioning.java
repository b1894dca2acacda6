package io.parley.admin;

import io.parley.admin.ProvisioningException.Reason;
import io.parley.admin.ServedDomain.Source;
import io.parley.auth.DomainRepository;
import io.parley.auth.ProvisioningChange;
import io.parley.auth.ProvisioningChange.DomainChanged;
import io.parley.auth.SubscriberId;
import io.parley.auth.SubscriberStoreException;
import io.parley.common.ServedDomains;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds, lists and removes the served domains of the domain table (RFC 3261 §10.3 step 1: the
 * domains the registrar is responsible for), beside those of {@code parley.domains}, which it
 * shows but cannot change. After each change this node's {@link ServedDomains} is re-read from
 * the table at once, so the node serves a domain (or stops) right away; then every node of the
 * cluster is told ({@link DomainChanged}) and re-reads that row.
 *
 * <p>Removing a domain leaves its subscribers and aliases in place: they stop being served (a
 * REGISTER for them is no longer ours, RFC 3261 §10.3 step 1) but come back with the domain.
 * Remove them first ({@link SubscriberProvisioning#remove}) for them to be gone.
 *
 * <p><b>Blocking</b>: every method waits for the database; call them on a dispatcher for
 * blocking work. Failures are {@link ProvisioningException}s whose messages may be shown to the
 * operator.
 */
public final class DomainProvisioning {
  private static final Logger log = LoggerFactory.getLogger(DomainProvisioning.class);

  private final DomainRepository repository;
  private final ServedDomains served;
  private final Consumer<ProvisioningChange> changed;

  /** For a node on its own: no other node to tell. */
  public DomainProvisioning(DomainRepository repository, ServedDomains served) {
    this(repository, served, change -> {});
  }

  /**
   * @param changed told of every row this changed (or may have changed), after this node's
   *     reload: publishes it to the cluster; must not block
   */
  public DomainProvisioning(DomainRepository repository, ServedDomains served, Consumer<ProvisioningChange> changed) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.served = Objects.requireNonNull(served, "served");
    this.changed = Objects.requireNonNull(changed, "changed");
  }

  /**
   * Adds {@code name} (any case; a host name or address) to the domain table.
   *
   * @throws ProvisioningException {@link Reason#INVALID} for a name that is no host,
   *     {@link Reason#EXISTS} for one in the configuration or the table already
   */
  public ServedDomain add(String name) {
    String domain;
    try {
      domain = DomainName.parse(name);
    } catch (IllegalArgumentException e) {
      throw new ProvisioningException(Reason.INVALID, e.getMessage());
    }
    if (served.isConfigured(domain)) {
      throw new ProvisioningException(Reason.EXISTS, "domain " + domain + " is served already: it is in "
          + "parley.domains");
    }
    return guarded("add domain " + domain, () -> {
      boolean added = repository.add(domain);
      reload(domain);
      if (!added) {
        throw new ProvisioningException(Reason.EXISTS, "domain " + domain + " exists");
      }
      return new ServedDomain(domain, Source.DATABASE);
    });
  }

  /**
   * Every served domain by name: those of the configuration, then the table's rows that are not
   * among them too (such a row is shadowed: the configuration's entry is the one that counts).
   */
  public List<ServedDomain> list() {
    List<String> rows = guarded("list domains", repository::list);
    List<ServedDomain> all = new ArrayList<>(served.configured().size() + rows.size());
    served.configured().forEach(d -> all.add(new ServedDomain(d, Source.CONFIGURATION)));
    for (String row : rows) {
      if (!served.isConfigured(row)) {
        all.add(new ServedDomain(row, Source.DATABASE));
      }
    }
    all.sort(Comparator.comparing(ServedDomain::name));
    return all;
  }

  /**
   * Removes {@code name} (any case) from the domain table. Its subscribers stay (see above). The
   * name is not checked as a host, so that a row written by hand, whatever it holds, can be
   * taken out.
   *
   * @throws ProvisioningException {@link Reason#CONFIGURED} for a domain of {@code parley.domains},
   *     {@link Reason#NOT_FOUND} for one not in the table
   */
  public void remove(String name) {
    if (name == null || name.isEmpty() || name.length() > SubscriberId.MAX_DOMAIN) {
      throw new ProvisioningException(Reason.INVALID, "a domain has 1 to " + SubscriberId.MAX_DOMAIN + " characters");
    }
    String domain = SubscriberId.normalizeDomain(name);
    if (served.isConfigured(domain)) {
      throw new ProvisioningException(Reason.CONFIGURED, "domain " + domain + " comes from parley.domains in the "
          + "configuration; remove it there and restart the node");
    }
    guarded("remove domain " + domain, () -> {
      boolean removed = repository.remove(domain);
      // also when nothing was removed: the set may still hold a row another node removed
      reload(domain);
      if (!removed) {
        throw new ProvisioningException(Reason.NOT_FOUND, "no domain " + domain + " in the domain table");
      }
      return null;
    });
  }

  /** The row into this node's set, then the other nodes told. */
  private void reload(String domain) {
    try {
      served.reread(domain, repository::exists);
    } finally {
      changed.accept(new DomainChanged(domain));
    }
  }

  private static <T> T guarded(String what, Supplier<T> work) {
    try {
      return work.get();
    } catch (SubscriberStoreException e) {
      log.warn("cannot {}: {}", what, e.toString());
      throw new ProvisioningException(Reason.UNAVAILABLE, "cannot " + what
          + ": the database failed (see the node's log)");
    }
  }
}
