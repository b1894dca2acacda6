package io.parley.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every subscriber and alias in memory, so that authenticating a request never waits for the
 * database (as Kamailio's htable in the benchmark): 10,001 subscribers take about 3 MB.
 *
 * <p>Reads are lock-free and allocate no more than their Optional ({@link #find}, {@link #resolve}, {@link #ha1}).
 * Writes come from the owner, on a dispatcher for blocking work since they read the database:
 * {@link #refresh()} once at start and then periodically, the safety net that picks up what
 * other nodes of a cluster changed when their notice was lost, and rows changed by hand;
 * {@link #reload(String, String)} and {@link #reloadAlias(String, String)} right after this node
 * changed one row, so that its own change shows at once, and when another node's change notice
 * names one ({@link ProvisioningReloader}). Writes are
 * serialized, so a single-row reload is never overwritten by an older full refresh. A
 * refresh reads the whole table: fine up to some hundred thousand rows.
 */
public final class SubscriberCache implements Ha1Lookup {
  private final SubscriberRepository repository;
  private volatile Snapshot snapshot = new Snapshot();
  /** Subscribers that live only in this node's memory (its warm-up's phones): kept across refreshes. */
  private final Map<SubscriberId, Subscriber> temporary = new ConcurrentHashMap<>();

  public SubscriberCache(SubscriberRepository repository) {
    this.repository = Objects.requireNonNull(repository, "repository");
  }

  /** Domain → user name → value; nested so that a lookup builds no key. */
  private static final class Snapshot {
    final Map<String, Map<String, Subscriber>> subscribers = new ConcurrentHashMap<>();
    final Map<String, Map<String, SubscriberId>> aliases = new ConcurrentHashMap<>();
    volatile int size;
  }

  /** Loads every subscriber and alias and replaces what was cached. Blocking. */
  public synchronized void refresh() {
    List<Subscriber> all = repository.loadAll();
    List<Alias> aliases = repository.loadAliases();
    Snapshot fresh = new Snapshot();
    for (Subscriber s : all) {
      put(fresh.subscribers, s.id(), s);
    }
    for (Alias a : aliases) {
      put(fresh.aliases, a.alias(), a.subscriber());
    }
    temporary.forEach((id, t) -> put(fresh.subscribers, id, t));
    fresh.size = all.size();
    snapshot = fresh;
  }

  /**
   * Authenticates {@code subscriber} from memory, never stored, until {@link #forgetTemporary};
   * not counted in {@link #size()}. The node's warm-up signs its phones' requests with these.
   */
  public synchronized void holdTemporarily(Subscriber subscriber) {
    temporary.put(subscriber.id(), subscriber);
    put(snapshot.subscribers, subscriber.id(), subscriber);
  }

  /** Ends {@link #holdTemporarily} for {@code id}. */
  public synchronized void forgetTemporary(SubscriberId id) {
    if (temporary.remove(id) != null) {
      remove(snapshot.subscribers, id);
    }
  }

  /**
   * Re-reads one subscriber after it was added, changed or removed; on removal its aliases go
   * too, as the foreign key removed them. Blocking.
   */
  public synchronized void reload(String username, String domain) {
    SubscriberId id = new SubscriberId(username, domain);
    Snapshot s = snapshot;
    Optional<Subscriber> row = repository.find(id.username(), id.domain());
    Subscriber previous = row.isPresent() ? put(s.subscribers, id, row.get()) : remove(s.subscribers, id);
    if (row.isPresent() && previous == null) {
      s.size++;
    } else if (row.isEmpty() && previous != null) {
      s.size--;
      s.aliases.values().forEach(m -> m.values().removeIf(id::equals));
    }
  }

  /** Re-reads one alias after it was added or removed. Blocking. */
  public synchronized void reloadAlias(String aliasUsername, String aliasDomain) {
    SubscriberId alias = new SubscriberId(aliasUsername, aliasDomain);
    Snapshot s = snapshot;
    Optional<SubscriberId> target = repository.resolveAlias(alias.username(), alias.domain());
    if (target.isPresent()) {
      put(s.aliases, alias, target.get());
    } else {
      remove(s.aliases, alias);
    }
  }

  /**
   * The subscriber {@code username@domain}: the user name in any escaping, the domain in any case
   * (RFC 3261 §19.1.4, {@link SubscriberId}).
   */
  public Optional<Subscriber> find(String username, String domain) {
    Map<String, Subscriber> users = snapshot.subscribers.get(SubscriberId.normalizeDomain(domain));
    return users == null ? Optional.empty() : Optional.ofNullable(users.get(SubscriberId.normalizeUsername(username)));
  }

  /**
   * The subscriber {@code username@domain} names, itself or through an alias; the user name in
   * any escaping, the domain in any case.
   */
  public Optional<Subscriber> resolve(String username, String domain) {
    Snapshot s = snapshot;
    String d = SubscriberId.normalizeDomain(domain);
    String user = SubscriberId.normalizeUsername(username);
    Map<String, Subscriber> users = s.subscribers.get(d);
    Subscriber direct = users == null ? null : users.get(user);
    if (direct != null) {
      return Optional.of(direct);
    }
    Map<String, SubscriberId> aliases = s.aliases.get(d);
    SubscriberId target = aliases == null ? null : aliases.get(user);
    if (target == null) {
      return Optional.empty();
    }
    Map<String, Subscriber> targetUsers = s.subscribers.get(target.domain());
    return targetUsers == null ? Optional.empty() : Optional.ofNullable(targetUsers.get(target.username()));
  }

  /**
   * The HA1 of subscriber {@code username@realm}: Parley's realm is the subscriber's domain.
   * Aliases do not authenticate: credentials name the subscriber itself. The digest user name is
   * matched as a URI user part is ({@link SubscriberId#normalizeUsername}), so no spelling of it
   * reaches another subscriber; the HA1 itself was computed over the stored spelling.
   */
  @Override
  public Optional<String> ha1(String username, String realm, DigestAlgorithm algorithm) {
    Map<String, Subscriber> users = snapshot.subscribers.get(SubscriberId.normalizeDomain(realm));
    Subscriber s = users == null ? null : users.get(SubscriberId.normalizeUsername(username));
    return s == null ? Optional.empty() : Optional.ofNullable(s.ha1(algorithm));
  }

  /**
   * The own max call duration of the subscriber a canonical AOR ({@code user@domain}, with
   * exactly one unescaped {@code @}) names, itself or through an alias; {@code null} when it has
   * none or is no subscriber. From memory, for the call entities' actor threads.
   */
  public Duration maxCallDuration(String aor) {
    int at = aor.lastIndexOf('@');
    if (at <= 0) {
      return null;
    }
    return resolve(aor.substring(0, at), aor.substring(at + 1)).map(Subscriber::maxCallDuration).orElse(null);
  }

  /** Subscribers cached now. */
  public int size() {
    return snapshot.size;
  }

  private static <V> V put(Map<String, Map<String, V>> map, SubscriberId id, V value) {
    return map.computeIfAbsent(id.domain(), d -> new ConcurrentHashMap<>()).put(id.username(), value);
  }

  private static <V> V remove(Map<String, Map<String, V>> map, SubscriberId id) {
    Map<String, V> users = map.get(id.domain());
    return users == null ? null : users.remove(id.username());
  }
}
