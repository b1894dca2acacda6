package io.parley.location;

import io.parley.cluster.MembershipSettle;
import io.parley.cluster.ShardOpening;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentPersistenceIdsQuery;

/**
 * Starts every AOR entity after a node start or a node loss, so the bindings it holds expire on
 * time (and are kept alive) even though no REGISTER or INVITE has reached it yet.
 *
 * <p>Sharding starts an entity only when a message arrives for it. An AOR whose node crashed, or
 * whose whole cluster restarted, would sit in the journal with its expiry timers unarmed. A
 * sweep reads the journal's persistence ids (persistence-query {@code currentPersistenceIds},
 * one indexed scan) and sends each AOR entity a {@link AorEntity.Wake} at {@code wake-rate} per
 * second: the entity recovers, expires what ran out meanwhile, re-arms its timer, or passivates
 * at once when it has no bindings. Chosen over remember-entities (a write on every entity start
 * and stop, and all remembered entities restarted in one burst) and over a tagged projection of
 * live AORs (its own offset store and lag): the journal already knows every AOR, and the cost,
 * one recovery per AOR ever registered, is paid only when the cluster's membership changes.
 *
 * <p>Every node runs one waker. It sweeps when membership has been quiet for {@code
 * wake-settle} after a member came up or was removed, and only on the cluster leader, so one
 * node sweeps per change. {@link Sweep} sweeps at once, on any node.
 *
 * <p>It also fills this node's {@link NewAors} with the journal's persistence ids: at start, on
 * every node after each such change, and whenever an AOR shard has come to this node since the
 * last read began (it looks at the node's shards every second), since such a shard may hold AORs
 * another node wrote. Once a read has finished, the shards hosted here when it began are vetted
 * for the shortcut; no others are.
 */
public final class AorWaker {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AorWaker.class);

  /** What the waker is told. */
  public sealed interface Command {}

  /** Sweeps now. */
  public record Sweep() implements Command {}

  private record Settled(MembershipSettle.Settled settled) implements Command {}

  private record SweepDone(long woken, Throwable failure) implements Command {}

  private record Read(Done done, Throwable failure) implements Command {}

  private enum Poll implements Command { INSTANCE }

  private record Hosted(Set<String> shards) implements Command {}

  /** How often this node's AOR shards are looked at. */
  private static final Duration POLL = Duration.ofSeconds(1);
  /** After a failed read, how long before a new shard asks for another. */
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

  private final ActorContext<Command> context;
  private final AorSettings settings;
  private final String readJournalPluginId;
  private final NewAors newAors;
  private boolean sweeping;
  private boolean again;
  private boolean reading;
  private boolean readAgain;
  /** The AOR shards hosted here now, as last seen. */
  private Set<String> hosted = Set.of();
  /** The AOR shards hosted here when the running (or last) read began. */
  private Set<String> readFor = Set.of();
  /** When the last read failed (System.nanoTime), or 0 when it did not. */
  private long failedAt;

  /** Told which shards are here, so that only the owner of an AOR pings its NATed bindings. */
  private final NatedBindings nated;

  private AorWaker(ActorContext<Command> context, AorSettings settings, String readJournalPluginId,
      NatedBindings nated) {
    this.context = context;
    this.nated = nated;
    this.settings = settings;
    this.readJournalPluginId = readJournalPluginId;
    this.newAors = NewAors.get(context.getSystem());
  }

  /**
   * @param readJournalPluginId the read journal that lists persistence ids, e.g. {@code
   *     "jdbc-read-journal"}
   */
  public static Behavior<Command> create(AorSettings settings, String readJournalPluginId) {
    return create(settings, readJournalPluginId, null);
  }

  /**
   * {@link #create(AorSettings, String)}, and the leader also opens every AOR shard of {@code
   * region} when membership has settled ({@link ShardOpening}), so that the first REGISTERs of a
   * new cluster do not wait for their shards' allocation one after another.
   *
   * @param region the AOR entities' shard region, or null (then no shard is vetted for {@link
   *     NewAors}' shortcut: it asks the region which shards are here)
   */
  public static Behavior<Command> create(AorSettings settings, String readJournalPluginId, ActorRef<?> region) {
    return create(settings, readJournalPluginId, region, NatedBindings.NONE);
  }

  /**
   * {@link #create(AorSettings, String, ActorRef)}, and {@code nated} is told of this node's AOR
   * shards whenever they change.
   */
  public static Behavior<Command> create(AorSettings settings, String readJournalPluginId, ActorRef<?> region,
      NatedBindings nated) {
    return Behaviors.setup(ctx -> {
      ctx.spawn(MembershipSettle.create(settings.wakeSettle(), ctx.messageAdapter(MembershipSettle.Settled.class,
          Settled::new)), "settle");
      AorWaker waker = new AorWaker(ctx, settings, readJournalPluginId, nated);
      waker.readPersistenceIds();
      ActorRef<ShardRegion.ShardRegionStats> hostedAdapter = ctx.messageAdapter(
          ShardRegion.ShardRegionStats.class, stats -> new Hosted(shardIds(stats)));
      return Behaviors.withTimers(timers -> {
        timers.startTimerWithFixedDelay(Poll.INSTANCE, POLL);
        return Behaviors.receive(Command.class)
            .onMessage(Poll.class, m -> {
              waker.poll(region, hostedAdapter);
              return Behaviors.same();
            })
            .onMessage(Hosted.class, waker::onHosted)
            .onMessage(Settled.class, m -> {
              waker.readPersistenceIds();
              if (m.settled().leader()) {
                waker.sweep();
                if (region != null) {
                  waker.openShards(region);
                }
              }
              return Behaviors.same();
            })
            .onMessage(Sweep.class, m -> {
              waker.sweep();
              return Behaviors.same();
            })
            .onMessage(SweepDone.class, waker::onDone)
            .onMessage(Read.class, waker::onRead)
            .build();
      });
    });
  }

  /**
   * Asks this node's AOR region for its shards (their entity counts, not their entity ids: a
   * node may hold 100,000 live AORs); without a region (tests), nothing is vetted.
   */
  private void poll(ActorRef<?> region, ActorRef<ShardRegion.ShardRegionStats> replyTo) {
    if (region != null) {
      Adapter.toClassic(region).tell(ShardRegion.getRegionStatsInstance(), Adapter.toClassic(replyTo));
    }
  }

  /** The shards that answered, and those that did not in time: hosted here all the same. */
  private static Set<String> shardIds(ShardRegion.ShardRegionStats stats) {
    Set<String> ids = new HashSet<>(stats.getStats().keySet());
    ids.addAll(stats.getFailed());
    return ids;
  }

  /**
   * This node's AOR shards now: one that left loses the shortcut at once; one that came since the
   * last read began is read for (AORs its former home wrote are in the journal by now: its
   * hand-off waited for their entities to stop).
   */
  private Behavior<Command> onHosted(Hosted now) {
    if (!now.shards().equals(hosted)) {
      nated.hosted(now.shards());
      ParkedAors.get(context.getSystem()).hosted(now.shards());
    }
    hosted = now.shards();
    newAors.retain(hosted);
    // a shard not vetted came after the last read began, or left and came back
    boolean unread = !newAors.vetted().containsAll(hosted);
    if (unread && !reading && (failedAt == 0 || System.nanoTime() - failedAt > RETRY_AFTER_FAILURE.toNanos())) {
      readPersistenceIds();
    }
    return Behaviors.same();
  }

  private void sweep() {
    if (sweeping) {
      again = true;
      return;
    }
    sweeping = true;
    ClusterSharding sharding = ClusterSharding.get(context.getSystem());
    String prefix = AorEntity.TYPE_KEY.name() + "|";
    CompletionStage<Long> done = journal().currentPersistenceIds()
        .filter(id -> id.startsWith(prefix))
        .throttle(settings.wakeRate(), Duration.ofSeconds(1))
        .runFold(0L, (n, id) -> {
          AorEntity.entityRef(sharding, id.substring(prefix.length())).tell(AorEntity.Wake.INSTANCE);
          return n + 1;
        }, context.getSystem());
    context.pipeToSelf(done, SweepDone::new);
  }

  private void openShards(ActorRef<?> region) {
    int shards = context.getSystem().settings().config().getInt("pekko.cluster.sharding.number-of-shards");
    ShardOpening.open(region, AorEntity.openers(shards), context.getExecutionContext()).whenCompleteAsync(
        (done, failure) -> {
          if (failure != null) {
            log.warn("Opening the AOR shards failed; each opens on its first message", failure);
          }
        }, context.getExecutionContext());
  }

  private CurrentPersistenceIdsQuery journal() {
    return PersistenceQuery.get(context.getSystem())
        .getReadJournalFor(CurrentPersistenceIdsQuery.class, readJournalPluginId);
  }

  private void readPersistenceIds() {
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    readFor = hosted;
    context.pipeToSelf(journal().currentPersistenceIds().runForeach(newAors::known, context.getSystem()), Read::new);
  }

  private Behavior<Command> onRead(Read read) {
    reading = false;
    if (readAgain) {
      readAgain = false;
      readPersistenceIds();
    } else if (read.failure() != null) {
      failedAt = System.nanoTime();
      context.getLog().warn("Reading the journal's persistence ids failed; every AOR recovers from the journal",
          read.failure());
    } else {
      failedAt = 0;
      Set<String> vetted = new HashSet<>(readFor);
      vetted.retainAll(hosted);
      newAors.vet(vetted);
      newAors.loaded();
    }
    return Behaviors.same();
  }

  private Behavior<Command> onDone(SweepDone done) {
    sweeping = false;
    if (done.failure() != null) {
      context.getLog().warn("AOR wake sweep failed; bindings of entities not woken expire late", done.failure());
    } else {
      context.getLog().info("AOR wake sweep woke {} address-of-record entities", done.woken());
    }
    if (again) {
      again = false;
      sweep();
    }
    return Behaviors.same();
  }
}
