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

  /** {@code aor} passivated; wake it at {@code dueMillis} (epoch millis). */
  public record Track(String aor, long dueMillis) implements Command {}

  /** {@code aor}'s entity runs again and keeps its own timer. */
  public record Untrack(String aor) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private final ClusterSharding sharding;
  private final Clock clock;
  /** AOR → the second it is due in; the one truth a bucket entry is checked against. */
  private final Map<String, Long> dueSecond = new HashMap<>();
  private final TreeMap<Long, List<String>> buckets = new TreeMap<>();

  private AorExpiryIndex(ActorContext<Command> context, ClusterSharding sharding, Clock clock) {
    super(context);
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
    Long before = dueSecond.put(track.aor(), second);
    if (before == null || before != second) {
      buckets.computeIfAbsent(second, s -> new ArrayList<>(4)).add(track.aor());
    }
    return this;
  }

  private Behavior<Command> onUntrack(Untrack untrack) {
    dueSecond.remove(untrack.aor());
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
        if (due != null && due.longValue() == first.getKey()) {
          dueSecond.remove(aor);
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

}
