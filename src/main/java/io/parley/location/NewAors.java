package io.parley.location;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.parley.cluster.ShardOpening;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * What this node knows about which AORs are new: the journal recovery of an AOR that has never
 * written an event is answered without asking the database.
 *
 * <p>An AOR entity's recovery costs two queries before its first command runs (the latest
 * snapshot, the highest sequence number), and a registrar meets a new AOR at every first
 * registration, most of all in the storm after a node or a provisioning run starts. This node
 * keeps a Bloom filter of every AOR that may have events: the journal's persistence ids, read at
 * start and again after each membership change ({@link AorWaker}), and every AOR written or
 * claimed here since. An AOR the filter has never seen certainly had no events when the filter
 * was read; only another node can have written it since, and only for a shard that has moved
 * here meanwhile.
 *
 * <p>So the shortcut is taken only where a wrong guess is harmless: when the command that starts
 * the entity is a REGISTER that adds a binding ({@link #claim}). Recovered as empty, such a
 * REGISTER either is refused for reasons that do not depend on the bindings, or writes the AOR's
 * event 1; if that event exists after all, the journal's primary key (persistence id, sequence
 * number) refuses the write, the entity restarts and recovers from the journal, and the phone's
 * retransmission is answered from the true bindings. A lookup or a wake-up never takes the
 * shortcut, so it never sees an AOR as empty that is not. This holds because AOR entities never
 * delete events (their retention keeps snapshots only).
 *
 * <p>A refused write still counts as a failure of the journal's circuit breaker, which opens after
 * ten and then fails every recovery on the node for 30 s: when shards moved here under a storm of
 * first registrations, 19 refusals opened it and 537 of 3,000 first REGISTERs failed
 * (bench/RESULTS.md). So the shortcut is taken only for an AOR whose shard this node hosted
 * before the filter was last read ({@link #vetted}): every event another node wrote for that
 * shard's AORs was written before the shard's hand-off here, so before the read. A shard that
 * arrives later is vetted by the next read ({@link AorWaker} reads again when it sees one).
 */
public final class NewAors implements Extension {
  private static final Id ID = new Id();
  private static final String PREFIX = AorEntity.TYPE_KEY.name() + "|";
  private static final long MAX_EXPECTED = 1_000_000_000L;

  private final BloomFilter<CharSequence> mayHaveEvents;
  /** Persistence ids whose recovery is answered as empty, until the journal has answered it. */
  private final Set<String> claimed = ConcurrentHashMap.newKeySet();
  private final LongAdder shortcuts = new LongAdder();
  /** Whether the filter holds the journal's persistence ids as last read. */
  private volatile boolean loaded;
  /** The AOR shards hosted here since before the filter's last read: the only ones with the shortcut. */
  private volatile Set<String> vetted = Set.of();
  private final int shards;

  NewAors(int expectedAors, int shards) {
    this.mayHaveEvents = BloomFilter.create(Funnels.stringFunnel(StandardCharsets.UTF_8), expectedAors, 0.01);
    this.shards = shards;
  }

  public static NewAors get(ClassicActorSystemProvider system) {
    return ID.get(system.classicSystem());
  }

  /**
   * Claims the shortcut for the AOR whose entity is starting with a REGISTER that adds a binding:
   * true when the AOR certainly had no events when the journal was last read. From then on the
   * AOR counts as one that may have events, so any later recovery of it asks the journal.
   */
  public boolean claim(String aor) {
    String persistenceId = PREFIX + aor;
    if (!loaded || !vetted.contains(ShardOpening.shardOf(aor, shards)) || mayHaveEvents.mightContain(persistenceId)) {
      return false;
    }
    mayHaveEvents.put(persistenceId);
    claimed.add(persistenceId);
    return true;
  }

  /** Whether the recovery of this persistence id is answered as empty (the snapshot store asks). */
  boolean isClaimed(String persistenceId) {
    return claimed.contains(persistenceId);
  }

  /** The journal's highest-sequence-number question for a claimed id: answered once, as 0. */
  boolean takeClaim(String persistenceId) {
    if (claimed.remove(persistenceId)) {
      shortcuts.increment();
      return true;
    }
    return false;
  }

  /** This persistence id has events: read from the journal, or written on this node. */
  void known(String persistenceId) {
    if (persistenceId.startsWith(PREFIX)) {
      mayHaveEvents.put(persistenceId);
    }
  }

  /** The journal's persistence ids are all in the filter. */
  void loaded() {
    loaded = true;
  }

  /**
   * The AOR shards whose AORs may take the shortcut: those this node hosted when the last read
   * of the journal began, and still hosts.
   */
  void vet(Set<String> shardIds) {
    vetted = Set.copyOf(shardIds);
  }

  /** The vetted shards, less those this node no longer hosts (gone elsewhere, maybe to come back). */
  void retain(Set<String> hosted) {
    Set<String> v = vetted;
    if (!hosted.containsAll(v)) {
      Set<String> kept = new java.util.HashSet<>(v);
      kept.retainAll(hosted);
      vetted = Set.copyOf(kept);
    }
  }

  /** The shards vetted now. */
  Set<String> vetted() {
    return vetted;
  }

  /** How many recoveries were answered without the journal since the node started. */
  public long shortcuts() {
    return shortcuts.sum();
  }

  /**
   * Sized by {@code parley.registrar.expected-aors}.
   *
   * @throws ConfigException.BadValue naming the key when it is out of 1..1,000,000,000
   */
  static NewAors from(Config config) {
    String key = "parley.registrar.expected-aors";
    long expected = config.getLong(key);
    if (expected < 1 || expected > MAX_EXPECTED) {
      throw new ConfigException.BadValue(key, "must be 1.." + MAX_EXPECTED + ", was " + expected);
    }
    String shards = "pekko.cluster.sharding.number-of-shards";
    return new NewAors((int) expected, config.hasPath(shards) ? config.getInt(shards) : 1000);
  }

  private static final class Id extends AbstractExtensionId<NewAors> {
    @Override
    public NewAors createExtension(ExtendedActorSystem system) {
      return from(system.settings().config());
    }
  }
}
