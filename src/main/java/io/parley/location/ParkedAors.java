package io.parley.location;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.parley.cluster.ShardOpening;
import java.io.NotSerializableException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * The bindings of the AOR entities that parked on this node, in their compact wire form, with
 * the sequence number of the last event each had written: the snapshot their next recovery
 * starts from ({@link NewAorSnapshotStore}), so waking a parked AOR costs the journal one query
 * (its highest sequence number) instead of three (snapshot, highest sequence number, events).
 *
 * <p>Why it stays true: an entry is what the journal holds up to its sequence number, plus what
 * the entity held only in memory and would otherwise have written as it parked (refreshes within
 * their written lease: a later expiry, Call-ID and CSeq; {@link AorEntity}), and the journal's
 * recovery still replays every event written after it. So an entry that went stale because the
 * AOR lived on another node meanwhile (a shard moved away and back) is brought up to date by that
 * replay, as a snapshot would be; the replayed events replace what they touch, and the state then
 * falls back to the leases as any recovery from the journal does. AOR entities never delete
 * events, which this relies on as {@link NewAors} does. A recovery takes its entry out: the
 * running entity owns the state, and it leaves a new entry when it parks again.
 *
 * <p>What is lost with the node (a restart, a crash, the AOR's shard recovered elsewhere) is only
 * what was never written: each binding then lives until its written lease, as a running AOR's
 * does after a node failure (RFC 3261 §10.2.1: never shorter than granted).
 *
 * <p>About 270 bytes an AOR with one binding (the bytes, the entry; the AOR id is the string the
 * entity and the expiry index already hold). Past {@code max-entries} an AOR parks without an
 * entry and recovers from the journal as before: counted, never evicting. Every method is safe
 * from any thread and never blocks.
 */
public final class ParkedAors implements Extension {
  private static final Id ID = new Id();
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ParkedAors.class);
  static final String PATH = "parley.registrar.parked-in-memory";
  private static final String PREFIX = AorEntity.TYPE_KEY.name() + "|";

  /** An AOR's bindings as {@link AorMessageSerializer} writes them, after event {@code sequenceNr}. */
  record Parked(long sequenceNr, byte[] bindings) {}

  /** What a recovery starts from: the state after event {@code sequenceNr}. */
  public record Snapshot(long sequenceNr, AorState state) {}

  /** The counts behind the metrics. */
  public record Stats(int entries, long recovered, long full) {}

  private final int maxEntries;
  private final int shards;
  private final AorMessageSerializer serializer;
  private final ConcurrentHashMap<String, Parked> byAor = new ConcurrentHashMap<>();
  private final AtomicInteger entries = new AtomicInteger();
  private final LongAdder recovered = new LongAdder();
  private final LongAdder full = new LongAdder();

  ParkedAors(int maxEntries, int shards, AorMessageSerializer serializer) {
    this.maxEntries = maxEntries;
    this.shards = shards;
    this.serializer = serializer;
  }

  public static ParkedAors get(ClassicActorSystemProvider system) {
    return ID.get(system.classicSystem());
  }

  /**
   * Keeps what {@code aor} parked with: {@code state}, the journal's after event {@code
   * sequenceNr} plus what the entity held only in memory. Not kept when the node holds {@code
   * max-entries} already, or when it is empty.
   *
   * @return whether it was kept
   */
  boolean park(String aor, long sequenceNr, AorState state) {
    if (maxEntries == 0 || state.isEmpty()) {
      return false;
    }
    if (entries.get() >= maxEntries && !byAor.containsKey(aor)) {
      full.increment();
      return false;
    }
    // every stored binding in storage order, expired or not: the wire form of Bindings holds
    // every field of a binding, and AorState.parked takes them back in that order
    Parked next = new Parked(sequenceNr, serializer.toBinary(new Bindings(state.bindings())));
    if (byAor.put(aor, next) == null) {
      entries.incrementAndGet();
    }
    return true;
  }

  /**
   * Drops what the AORs of shards this node no longer hosts parked with: each recovers where its
   * shard is now, so what it left here would only take room (it would still be correct, were the
   * shard to come back: the journal's replay brings it up to date). Called when the node's AOR
   * shards change.
   */
  void hosted(Set<String> shardIds) {
    if (entries.get() == 0) {
      return;
    }
    for (String aor : byAor.keySet()) {
      if (!shardIds.contains(ShardOpening.shardOf(aor, shards))) {
        forget(aor);
      }
    }
  }

  /** Drops what {@code aor} parked with here, if anything: its next recovery asks the journal alone. */
  void forget(String aor) {
    if (byAor.remove(aor) != null) {
      entries.decrementAndGet();
    }
  }

  /**
   * Takes out what the AOR of {@code persistenceId} parked with here, or null: a recovery starts
   * from it only when {@code maxSequenceNr} allows it (Pekko's snapshot criteria).
   */
  Snapshot take(String persistenceId, long maxSequenceNr) {
    if (entries.get() == 0 || !persistenceId.startsWith(PREFIX)) {
      return null;
    }
    Parked parked = byAor.remove(persistenceId.substring(PREFIX.length()));
    if (parked == null) {
      return null;
    }
    entries.decrementAndGet();
    if (parked.sequenceNr() > maxSequenceNr) {
      return null;
    }
    try {
      List<Binding> bindings = bindingsOf(parked);
      recovered.increment();
      return new Snapshot(parked.sequenceNr(), AorState.parked(bindings));
    } catch (NotSerializableException | RuntimeException e) {
      // written by this very node, so not expected; the journal answers instead
      log.warn("{}: what it parked with here does not read back, recovering from the journal", persistenceId, e);
      return null;
    }
  }

  public Stats stats() {
    return new Stats(entries.get(), recovered.sum(), full.sum());
  }

  /**
   * {@code parley.registrar.parked-in-memory}; 100,000 when absent (a system without Parley's
   * reference configuration).
   *
   * @throws ConfigException naming the key of a value out of range or not a number
   */
  public static int maxEntries(Config config) {
    int max = config.hasPath(PATH) ? config.getInt(PATH) : 100_000;
    if (max < 0 || max > 100_000_000) {
      throw new ConfigException.BadValue(PATH, "must be 0..100000000, was " + max);
    }
    return max;
  }

  private static final class Id extends AbstractExtensionId<ParkedAors> {
    @Override
    public ParkedAors createExtension(ExtendedActorSystem system) {
      Config config = system.settings().config();
      String shards = "pekko.cluster.sharding.number-of-shards";
      return new ParkedAors(maxEntries(config), config.hasPath(shards) ? config.getInt(shards) : 1000,
          new AorMessageSerializer(system));
    }
  }

  /** For tests: the bindings an AOR parked with, or null. */
  List<Binding> parkedBindings(String aor) {
    Parked parked = byAor.get(aor);
    if (parked == null) {
      return null;
    }
    try {
      return bindingsOf(parked);
    } catch (NotSerializableException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<Binding> bindingsOf(Parked parked) throws NotSerializableException {
    return ((Bindings) serializer.fromBinary(parked.bindings(), AorMessageSerializer.BINDINGS)).bindings();
  }
}
