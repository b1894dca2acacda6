package io.parley.location;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * The bindings this node's calls looked up, kept so that the next call to the same AOR does not
 * ask its entity again (RFC 3261 §16.5, the location service). An AOR entity lives on the node
 * that owns its shard, so in a cluster of N nodes (N-1)/N of the lookups would cross nodes, an
 * ask and an answer each, on the call's critical path. Kamailio's DMQ and OpenSIPS' clusterer
 * copy every binding to every node; this keeps only what was asked for, and for a bounded time.
 *
 * <p>What keeps a cached set true:
 * <ul>
 *   <li>It is used until its earliest binding expires, and at most {@code ttl}: an expiry needs
 *       no notice, and a refresh that only pushes expiry later needs none either (the cached
 *       set is still true, only shorter-lived).
 *   <li>Every other change (a binding added, removed or altered, an expiry brought forward;
 *       {@link #outdates}) is dropped here by the AOR's entity before it answers the REGISTER,
 *       and on every other node by a {@link BindingsChanged} notice over the cluster.
 *   <li>An answer that left the entity before such a change may arrive after its notice: it is
 *       not kept if a notice for its AOR came after its ask was sent ({@link #askToken}).
 *   <li>Pub-sub is at most once; a notice is lost around a node that is unreachable or joining.
 *       So the whole cache is dropped whenever a member comes up, leaves or changes
 *       reachability ({@link BindingsCacheGuard}).
 * </ul>
 *
 * <p>Only AORs with bindings are kept, so a stranger probing user names fills nothing. One per
 * actor system; every method is safe from any thread and never blocks.
 */
public final class BindingsCache implements Extension {
  private static final Id ID = new Id();
  /** The most notices remembered for answers in flight; past it they are forgotten together. */
  static final int MAX_NOTICES = 10_000;

  private record Entry(Bindings bindings, long validUntil) {}

  private final LookupCacheSettings settings;
  private final long ttlMillis;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  /** For each AOR a notice came for: the generation it came in. */
  private final ConcurrentHashMap<String, Long> noticed = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  /** Answers to asks sent before this generation are not kept (the notices before it are gone). */
  private volatile long floor;
  private volatile Consumer<BindingsChanged> broadcast = notice -> {};
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder notices = new LongAdder();

  BindingsCache(LookupCacheSettings settings) {
    this.settings = settings;
    this.ttlMillis = settings.ttl().toMillis();
  }

  public static BindingsCache get(ClassicActorSystemProvider system) {
    return ID.get(system.classicSystem());
  }

  /** A cache that holds nothing: every lookup asks the entity (tests without an actor system). */
  public static BindingsCache off() {
    return new BindingsCache(LookupCacheSettings.OFF);
  }

  /** How the notices of this node's changes reach the other nodes; until set, they do not. */
  public void broadcastThrough(Consumer<BindingsChanged> broadcast) {
    this.broadcast = Objects.requireNonNull(broadcast, "broadcast");
  }

  public LookupCacheSettings settings() {
    return settings;
  }

  /** The bindings of {@code aor} held here and still usable at {@code nowMillis}, or null. */
  public Bindings get(String aor, long nowMillis) {
    if (!settings.enabled()) {
      return null;
    }
    Entry e = entries.get(aor);
    if (e == null) {
      misses.increment();
      return null;
    }
    if (e.validUntil <= nowMillis) {
      entries.remove(aor, e);
      misses.increment();
      return null;
    }
    hits.increment();
    return e.bindings;
  }

  /** Whether bindings of {@code aor} are held, usable or not; not counted as a lookup. */
  public boolean holds(String aor) {
    return entries.containsKey(aor);
  }

  /** Taken when an ask for bindings is sent; {@link #offer} needs it back with the answer. */
  public long askToken() {
    return generation.get();
  }

  /**
   * Keeps the entity's answer {@code found} for {@code aor}, asked when {@link #askToken} gave
   * {@code token}: unless a notice for that AOR came since, or it has no binding left.
   */
  public void offer(String aor, Bindings found, long token, long nowMillis) {
    if (!settings.enabled()) {
      return;
    }
    if (found.bindings().isEmpty()) {
      entries.remove(aor);
      return;
    }
    long validUntil = nowMillis + ttlMillis;
    for (Binding b : found.bindings()) {
      validUntil = Math.min(validUntil, b.expiresAt());
    }
    if (validUntil <= nowMillis || outdated(aor, token)) {
      return;
    }
    if (entries.size() >= settings.maxEntries() && !entries.containsKey(aor)) {
      Iterator<String> any = entries.keySet().iterator();
      if (any.hasNext()) {
        any.next();
        any.remove();
      }
    }
    Entry e = new Entry(found, validUntil);
    entries.put(aor, e);
    // a notice recorded between the check above and the put: forget() removed the entry before
    // the put, or the put came first and forget() removed it; either way it must not stay
    if (outdated(aor, token)) {
      entries.remove(aor, e);
    }
  }

  private boolean outdated(String aor, long token) {
    if (token < floor) {
      return true;
    }
    Long at = noticed.get(aor);
    return at != null && at > token;
  }

  /**
   * The entity of {@code aor} changed its bindings so that a cached set may be wrong: dropped
   * here at once, and on the other nodes by a notice.
   */
  public void changed(String aor) {
    forget(aor);
    broadcast.accept(new BindingsChanged(aor));
  }

  /** A notice for {@code aor}, from this node or another: what is held of it is dropped. */
  public void forget(String aor) {
    notices.increment();
    long g = generation.incrementAndGet();
    if (noticed.size() >= MAX_NOTICES) {
      floor = g;
      noticed.clear();
    } else {
      noticed.put(aor, g);
    }
    if (entries.remove(aor) != null) {
      dropped.increment();
    }
  }

  /** Drops everything held: a notice may have been lost (a member came, went or was unreachable). */
  public void clear() {
    floor = generation.incrementAndGet();
    noticed.clear();
    entries.clear();
  }

  /**
   * Whether a node holding {@code before} (the active bindings before a change) would be wrong
   * after it, with {@code after} the active bindings now: some binding was added, removed, or
   * changed in what a request to it uses, or expires sooner. A refresh that only moves expiry
   * later, or changes the Call-ID and CSeq, does not; nor does the first binding of an AOR that
   * had none active, so a storm of phones registering after an outage sends no notices.
   */
  public static boolean outdates(List<Binding> before, List<Binding> after) {
    if (before.isEmpty()) {
      // nothing held is still in use: a set is used until its earliest binding expires, and
      // the removal of any that did not expire was announced
      return false;
    }
    if (before.size() != after.size()) {
      return true;
    }
    for (Binding now : after) {
      Binding was = sameTarget(before, now);
      if (was == null || now.expiresAt() < was.expiresAt()) {
        return true;
      }
    }
    return false;
  }

  private static Binding sameTarget(List<Binding> bindings, Binding b) {
    for (Binding x : bindings) {
      if (x.contact().equals(b.contact()) && x.q() == b.q() && x.regId() == b.regId()
          && Objects.equals(x.instanceId(), b.instanceId()) && Objects.equals(x.flowId(), b.flowId())
          && Objects.equals(x.received(), b.received()) && x.path().equals(b.path())
          && x.params().equals(b.params())) {
        return x;
      }
    }
    return null;
  }

  /**
   * Counters since start, and the AORs held now.
   *
   * @param notices changes heard of, from this node or another
   * @param dropped held sets those changes dropped
   */
  public record Stats(long hits, long misses, long notices, long dropped, int entries) {}

  public Stats stats() {
    return new Stats(hits.sum(), misses.sum(), notices.sum(), dropped.sum(), entries.size());
  }

  private static final class Id extends AbstractExtensionId<BindingsCache> {
    @Override
    public BindingsCache createExtension(ExtendedActorSystem system) {
      return new BindingsCache(LookupCacheSettings.from(system.settings().config()));
    }
  }
}
