package io.parley.call;

import io.parley.cluster.HomeShards;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The call entities running on this node at its own home, so that the edge hands a SIP message
 * straight to its entity rather than through the shard region and the shard: two actors and
 * two mailboxes fewer for each message (bench/RESULTS.md). Sharding still starts, passivates
 * and moves the entities; this only shortens the way to one that runs here.
 *
 * <p><b>Order.</b> A Call-ID's messages reach its entity in the order the edge hands them over
 * (one TCP connection's messages are, RFC 3261 §18.3 frames them in order). The first message
 * for an entity without an entry goes through sharding and opens an entry ({@link #deliver});
 * the messages after it wait in the entry until the entity takes that first message
 * ({@link #opened}), when they are told to it behind it, and from then on go straight. An entity
 * that asks to passivate, or stops, closes its entry ({@link #closed}): what comes next goes
 * through sharding again, which holds it for the entity's next incarnation.
 *
 * <p><b>Bounds.</b> An entry waits at most {@link #OPENING_PATIENCE} for its entity (the first
 * message may have gone to another node, if the shard moved): after that the next message finds
 * it stale and sends what waits through sharding. At most {@link #MAX_WAITING} messages wait in
 * an entry; more go through sharding (counted), in order with one another but not with those
 * waiting. After {@link #stop()} (the node leaves and hands its shards over) everything goes
 * through sharding. A message told to an entity in the instant it stops after a failure is a
 * dead letter, as any message to a stopped actor; the sender's retransmission finds the next one.
 *
 * <p>Thread-safe; one per node.
 */
public final class LocalCalls {
  /** How long an entry waits for its entity to take the first message. */
  static final long OPENING_PATIENCE = TimeUnit.SECONDS.toNanos(2);
  /** The most messages that wait in one entry. */
  static final int MAX_WAITING = 64;

  /** Where a message goes when it does not go straight: sharding. */
  @FunctionalInterface
  public interface Sharding {
    void tell(String entityId, CallEntity.Command message);
  }

  /** What {@link #deliver} has done since the start. */
  public record Stats(long straight, long throughSharding, long waited, long stale, int entries) {}

  /** One entity's way in: opening (waiting for its first message to arrive), then open. */
  private static final class Entry {
    final CallEntity.Command opener;
    final long since;
    ActorRef<CallEntity.Command> entity;
    List<CallEntity.Command> waiting;
    boolean closed;

    Entry(CallEntity.Command opener, long since) {
      this.opener = opener;
      this.since = since;
    }
  }

  private final String home;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final LongAdder straight = new LongAdder();
  private final LongAdder throughSharding = new LongAdder();
  private final LongAdder waited = new LongAdder();
  private final LongAdder stale = new LongAdder();
  private volatile boolean stopped;

  /** The entities of home {@code home}, this node's. */
  public LocalCalls(String home) {
    this(home, System::nanoTime);
  }

  LocalCalls(String home, LongSupplier nanos) {
    this.home = home;
    this.nanos = nanos;
  }

  /**
   * Hands {@code message} to entity {@code entityId}: straight when it runs here, else through
   * {@code sharding}. Entities of another home always go through sharding.
   */
  public void deliver(String entityId, CallEntity.Command message, Sharding sharding) {
    if (stopped || !HomeShards.isOfHome(entityId, home)) {
      throughSharding.increment();
      sharding.tell(entityId, message);
      return;
    }
    for (;;) {
      Entry e = entries.get(entityId);
      if (e == null) {
        if (entries.putIfAbsent(entityId, new Entry(message, nanos.getAsLong())) == null) {
          throughSharding.increment();
          sharding.tell(entityId, message); // the opener: the entity takes it and opens the entry
          return;
        }
        continue;
      }
      List<CallEntity.Command> flush = null;
      synchronized (e) {
        if (e.closed) {
          continue;
        }
        if (e.entity != null) {
          straight.increment();
          e.entity.tell(message); // under the lock: behind what the entity took when it opened
          return;
        }
        if (nanos.getAsLong() - e.since > OPENING_PATIENCE) {
          e.closed = true;
          entries.remove(entityId, e);
          stale.increment();
          flush = e.waiting == null ? List.of() : e.waiting;
          e.waiting = null;
        } else if (e.waiting == null || e.waiting.size() < MAX_WAITING) {
          if (e.waiting == null) {
            e.waiting = new ArrayList<>(2);
          }
          e.waiting.add(message);
          waited.increment();
          return;
        }
      }
      if (flush != null) {
        for (CallEntity.Command m : flush) {
          sharding.tell(entityId, m);
        }
        throughSharding.add(flush.size());
      }
      throughSharding.increment();
      sharding.tell(entityId, message);
      return;
    }
  }

  /**
   * Entity {@code entityId} ({@code self}) is taking {@code message}: if that is its entry's
   * first message, the entry opens and what waits in it is told to the entity, behind it.
   */
  void opened(String entityId, CallEntity.Command message, ActorRef<CallEntity.Command> self) {
    Entry e = entries.get(entityId);
    if (e == null || e.opener != message) {
      return;
    }
    synchronized (e) {
      if (e.closed || e.entity != null) {
        return;
      }
      e.entity = self;
      if (e.waiting != null) {
        for (CallEntity.Command m : e.waiting) {
          self.tell(m);
        }
        e.waiting = null;
      }
    }
  }

  /** Entity {@code entityId} ({@code self}) passivates or stops: messages go through sharding again. */
  void closed(String entityId, ActorRef<CallEntity.Command> self) {
    Entry e = entries.get(entityId);
    if (e == null) {
      return;
    }
    synchronized (e) {
      if (e.entity != self || e.closed) {
        return; // opening for the entity's next incarnation, or closed already
      }
      e.closed = true;
      entries.remove(entityId, e);
    }
  }

  /** From now on every message goes through sharding: the node is leaving and hands its shards over. */
  public void stop() {
    stopped = true;
  }

  /** Whether entity {@code entityId} runs here now, or is opening with a message waiting for it. */
  public boolean holds(String entityId) {
    return entries.containsKey(entityId);
  }

  public Stats stats() {
    return new Stats(straight.sum(), throughSharding.sum(), waited.sum(), stale.sum(), entries.size());
  }
}
