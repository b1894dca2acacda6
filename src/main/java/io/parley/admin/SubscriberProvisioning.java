package io.parley.admin;

import io.parley.admin.ProvisioningException.Reason;
import io.parley.auth.Alias;
import io.parley.auth.ProvisioningChange;
import io.parley.auth.ProvisioningChange.AliasChanged;
import io.parley.auth.ProvisioningChange.SubscriberChanged;
import io.parley.auth.Subscriber;
import io.parley.auth.SubscriberCache;
import io.parley.auth.SubscriberId;
import io.parley.auth.SubscriberRepository;
import io.parley.auth.SubscriberStoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds, shows, lists, re-keys and removes subscribers and their aliases: the table through
 * {@link SubscriberRepository}, and this node's {@link SubscriberCache} right after each change,
 * so a subscriber added here can REGISTER here at once; then every node of the cluster is told
 * which rows changed ({@link ProvisioningChange}) and re-reads them, so it holds everywhere within
 * a second.
 *
 * <p><b>Blocking</b>: every method waits for the database; call them on a dispatcher for
 * blocking work. Failures are {@link ProvisioningException}s whose messages may be shown to the
 * operator: a database error is logged here and reported without its details, which could
 * quote the row.
 */
public final class SubscriberProvisioning {
  private static final Logger log = LoggerFactory.getLogger(SubscriberProvisioning.class);

  private final SubscriberRepository repository;
  private final SubscriberCache cache;
  private final Predicate<String> servedDomain;
  private final Consumer<ProvisioningChange> changed;

  /** For a node on its own: no other node to tell. */
  public SubscriberProvisioning(SubscriberRepository repository, SubscriberCache cache,
      Predicate<String> servedDomain) {
    this(repository, cache, servedDomain, change -> {});
  }

  /**
   * @param servedDomain whether this server is responsible for a (lower-case) domain; subscribers
   *     and aliases in any other are refused, as no request for them would ever reach them
   * @param changed told of every row this changed (or may have changed), after the change and
   *     this node's reload: publishes it to the cluster; must not block
   */
  public SubscriberProvisioning(SubscriberRepository repository, SubscriberCache cache,
      Predicate<String> servedDomain, Consumer<ProvisioningChange> changed) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.servedDomain = Objects.requireNonNull(servedDomain, "servedDomain");
    this.changed = Objects.requireNonNull(changed, "changed");
  }

  /**
   * Creates a subscriber and its aliases. If an alias cannot be created, the subscriber is
   * removed again, so a failed request leaves nothing behind.
   */
  public ProvisionedSubscriber add(NewSubscriber request) {
    SubscriberId id = request.id();
    requireServed(id);
    request.aliases().forEach(this::requireServed);
    return guarded("add " + id, () -> {
      Optional<SubscriberId> aliasOf = repository.resolveAlias(id.username(), id.domain());
      if (aliasOf.isPresent()) {
        throw new ProvisioningException(Reason.EXISTS, id + " is an alias of " + aliasOf.get());
      }
      for (SubscriberId alias : request.aliases()) {
        if (alias.equals(id) || repository.find(alias.username(), alias.domain()).isPresent()) {
          throw new ProvisioningException(Reason.EXISTS, "alias " + alias + " is a subscriber");
        }
      }
      Subscriber s;
      try {
        s = repository.add(id.username(), id.domain(), request.password(), request.maxCallDuration());
      } catch (SubscriberStoreException e) {
        throw e.kind() == SubscriberStoreException.Kind.DUPLICATE
            ? new ProvisioningException(Reason.EXISTS, "subscriber " + id + " exists") : e;
      }
      try {
        for (SubscriberId alias : request.aliases()) {
          repository.addAlias(alias.username(), alias.domain(), id.username(), id.domain());
        }
      } catch (RuntimeException e) {
        repository.remove(id.username(), id.domain());
        if (e instanceof SubscriberStoreException store && store.kind() == SubscriberStoreException.Kind.DUPLICATE) {
          throw new ProvisioningException(Reason.EXISTS, "an alias in " + request.aliases() + " exists already");
        }
        throw e;
      } finally {
        try {
          reload(id);
        } finally {
          request.aliases().forEach(this::reloadAlias);
        }
      }
      return new ProvisionedSubscriber(s, request.aliases());
    });
  }

  /** The subscriber {@code id}, not following aliases: an alias is not a subscriber. */
  public Optional<ProvisionedSubscriber> find(SubscriberId id) {
    return guarded("read " + id, () -> repository.find(id.username(), id.domain())
        .map(s -> new ProvisionedSubscriber(s, aliasesByTarget().getOrDefault(id, List.of()))));
  }

  /**
   * A page ordered by domain and user name.
   *
   * @param domain only this domain's, or {@code null} for all
   * @param limit 1 to {@link SubscriberRepository#MAX_PAGE}
   * @param offset not negative
   */
  public List<ProvisionedSubscriber> list(String domain, int limit, int offset) {
    return guarded("list subscribers", () -> {
      List<Subscriber> page = repository.list(domain, limit, offset);
      // The alias table has no per-subscriber query; an admin page reads it whole, once.
      Map<SubscriberId, List<SubscriberId>> aliases = page.isEmpty() ? Map.of() : aliasesByTarget();
      List<ProvisionedSubscriber> shown = new ArrayList<>(page.size());
      for (Subscriber s : page) {
        shown.add(new ProvisionedSubscriber(s, aliases.getOrDefault(s.id(), List.of())));
      }
      return shown;
    });
  }

  /** Replaces the subscriber's HA1s with those of {@code password}. */
  public ProvisionedSubscriber changePassword(SubscriberId id, String password) {
    return update(id, SubscriberUpdate.password(password));
  }

  /**
   * Changes the subscriber's password, its own max call duration, or both; this node's cache
   * holds the change when this returns, so the next call this node sets up obeys it.
   */
  public ProvisionedSubscriber update(SubscriberId id, SubscriberUpdate change) {
    return guarded("change " + id, () -> {
      try {
        if (change.password() != null && !repository.changePassword(id.username(), id.domain(), change.password())) {
          throw notFound(id);
        }
        if (change.setsMaxCallDuration()
            && !repository.setMaxCallDuration(id.username(), id.domain(), change.maxCallDuration())) {
          throw notFound(id);
        }
      } finally {
        reload(id);
      }
      return find(id).orElseThrow(() -> notFound(id));
    });
  }

  /** Removes the subscriber and its aliases; {@code false} if there was none. */
  public boolean remove(SubscriberId id) {
    return guarded("remove " + id, () -> {
      boolean removed = repository.remove(id.username(), id.domain());
      // also when nothing was removed: the cache may still hold a row another node removed
      reload(id);
      return removed;
    });
  }

  /** The subscriber's row into this node's cache, then the other nodes told. */
  private void reload(SubscriberId id) {
    try {
      cache.reload(id.username(), id.domain());
    } finally {
      changed.accept(new SubscriberChanged(id.username(), id.domain()));
    }
  }

  /** The alias's row into this node's cache, then the other nodes told. */
  private void reloadAlias(SubscriberId alias) {
    try {
      cache.reloadAlias(alias.username(), alias.domain());
    } finally {
      changed.accept(new AliasChanged(alias.username(), alias.domain()));
    }
  }

  private Map<SubscriberId, List<SubscriberId>> aliasesByTarget() {
    Map<SubscriberId, List<SubscriberId>> byTarget = new HashMap<>();
    for (Alias a : repository.loadAliases()) {
      byTarget.computeIfAbsent(a.subscriber(), k -> new ArrayList<>()).add(a.alias());
    }
    byTarget.values().forEach(l -> l.sort((x, y) -> x.toString().compareTo(y.toString())));
    return byTarget;
  }

  private void requireServed(SubscriberId id) {
    if (!servedDomain.test(id.domain())) {
      throw new ProvisioningException(Reason.INVALID, "domain " + id.domain() + " of " + id
          + " is not served by this server (parley.domains)");
    }
  }

  private static ProvisioningException notFound(SubscriberId id) {
    return new ProvisioningException(Reason.NOT_FOUND, "no subscriber " + id);
  }

  private static <T> T guarded(String what, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (SubscriberStoreException e) {
      log.warn("cannot {}: {}", what, e.toString());
      throw new ProvisioningException(Reason.UNAVAILABLE, "cannot " + what + ": the database failed (see the node's log)");
    }
  }
}
