package io.parley.location;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The next expiry of every AOR entity of this node that passivated with bindings: when it comes,
 * the entity is woken through sharding, recovers, and its own timer expires the binding (RFC
 * 3261 §10.2.1: bindings are soft state, and go when their time is up, not when somebody next
 * asks). This is what lets an idle registration cost about 130 bytes here instead of a live
 * entity's 4 KB: the AOR's id, its due time, and a slot in a one-second bucket.
 *
 * <p>Entries are only added, never searched for: a later {@link Track} of the same AOR
 * overrides the earlier one, an {@link Untrack} (the entity started again) cancels it, and a
 * bucket entry whose AOR is no longer due at that second is skipped. An entry lost with its node
 * is made good by {@link AorWaker}, which wakes every AOR after a membership change; a stale one
 * wakes an entity that finds nothing to do and passivates again.
 */
public final class AorExpiryIndex extends AbstractBehavior<AorExpiryIndex.Command> {
  /** How often due entries are looked for: expiry is at most this late (plus a recovery). */
  static final Duration TICK = Duration.ofSeconds(1);
  /** The most entities woken per tick; the rest wait for the next one, so a backlog cannot flood the journal. */
  static final int MAX_WAKES_PER_TICK = 2_000;

  public sealed interface Command {}

  /**
   * {@code aor} passivated with {@code contacts} bindings; wake it at {@code dueMillis} (epoch
   * millis).
   */
  public record Track(String aor, long dueMillis, int contacts) implements Command {
    public Track(String aor, long dueMillis) {
      this(aor, dueMillis, 0);
    }
  }

  /** {@code aor}'s entity runs again and keeps its own timer. */
  public record Untrack(String aor) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private final ClusterSharding sharding;
  private final Clock clock;
  /**
   * AOR → the second it is due in, the one truth a bucket entry is checked against, with its
   * contact count packed above bit {@link #COUNT_SHIFT} ({@link RegisteredContacts}): the Long is
   * there anyway, so counting costs no memory per AOR.
   */
  private final Map<String, Long> dueSecond = new HashMap<>();
  private static final int COUNT_SHIFT = 40;
  private static final long SECOND_MASK = (1L << COUNT_SHIFT) - 1;
  private static final int MAX_COUNT = (1 << 23) - 1;
  private final RegisteredContacts contacts;
  private final TreeMap<Long, List<String>> buckets = new TreeMap<>();

  private AorExpiryIndex(ActorContext<Command> context, ClusterSharding sharding, Clock clock) {
    super(context);
    this.contacts = RegisteredContacts.get(context.getSystem());
    this.sharding = sharding;
    this.clock = clock;
  }

  public static Behavior<Command> create(ClusterSharding sharding, Clock clock) {
    return Behaviors.setup(context -> Behaviors.withTimers((TimerScheduler<Command> timers) -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
      return new AorExpiryIndex(context, sharding, clock);
    }));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Track.class, this::onTrack)
        .onMessage(Untrack.class, this::onUntrack)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .build();
  }

  private Behavior<Command> onTrack(Track track) {
    // rounded up: never woken before the binding's time is really up
    long second = Math.floorDiv(track.dueMillis() + 999, 1000);
    int count = Math.max(0, Math.min(track.contacts(), MAX_COUNT));
    Long before = dueSecond.put(track.aor(), second | ((long) count << COUNT_SHIFT));
    contacts.parkedChanged(count - (before == null ? 0 : countOf(before)));
    if (before == null || (before & SECOND_MASK) != second) {
      buckets.computeIfAbsent(second, s -> new ArrayList<>(4)).add(track.aor());
    }
    return this;
  }

  private Behavior<Command> onUntrack(Untrack untrack) {
    Long before = dueSecond.remove(untrack.aor());
    if (before != null) {
      contacts.parkedChanged(-countOf(before));
    }
    return this;
  }

  private Behavior<Command> onTick() {
    long now = Math.floorDiv(clock.millis(), 1000);
    int woken = 0;
    while (woken < MAX_WAKES_PER_TICK && !buckets.isEmpty() && buckets.firstKey() <= now) {
      var first = buckets.firstEntry();
      List<String> aors = first.getValue();
      while (!aors.isEmpty() && woken < MAX_WAKES_PER_TICK) {
        String aor = aors.remove(aors.size() - 1);
        Long due = dueSecond.get(aor);
        if (due != null && (due & SECOND_MASK) == first.getKey()) {
          dueSecond.remove(aor);
          contacts.parkedChanged(-countOf(due)); // the woken entity counts them again once recovered
          AorEntity.entityRef(sharding, aor).tell(AorEntity.Wake.INSTANCE);
          woken++;
        }
      }
      if (aors.isEmpty()) {
        buckets.pollFirstEntry();
      }
    }
    return this;
  }

  private static int countOf(long packed) {
    return (int) (packed >>> COUNT_SHIFT);
  }
}
