package io.parley.location;

import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentPersistenceIdsQuery;

/**
 * Fills this node's {@link NewAors} with the journal's persistence ids: at start, and again once
 * membership has been quiet for {@code wake-settle} after a member came up or was removed, since
 * that is when shards move here with AORs that another node may have written. Until a read has
 * finished no recovery takes the shortcut. Every node runs one.
 */
public final class NewAorLoader {

  /** What the loader is told. */
  public sealed interface Command {}

  private record MembershipChanged(ClusterEvent.MemberEvent event) implements Command {}

  private record Settled() implements Command {}

  private record Loaded(Done done, Throwable failure) implements Command {}

  private final ActorContext<Command> context;
  private final NewAors newAors;
  private final String readJournalPluginId;
  private boolean loading;
  private boolean again;

  private NewAorLoader(ActorContext<Command> context, String readJournalPluginId) {
    this.context = context;
    this.newAors = NewAors.get(context.getSystem());
    this.readJournalPluginId = readJournalPluginId;
  }

  /**
   * @param readJournalPluginId the read journal that lists persistence ids, e.g. {@code
   *     "jdbc-read-journal"}
   */
  public static Behavior<Command> create(AorSettings settings, String readJournalPluginId) {
    return Behaviors.setup(ctx -> {
      Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.MemberEvent.class, MembershipChanged::new), ClusterEvent.MemberEvent.class));
      NewAorLoader loader = new NewAorLoader(ctx, readJournalPluginId);
      loader.load();
      return Behaviors.withTimers(timers -> Behaviors.receive(Command.class)
          .onMessage(MembershipChanged.class, m -> {
            if (m.event() instanceof ClusterEvent.MemberUp || m.event() instanceof ClusterEvent.MemberRemoved) {
              timers.startSingleTimer("settle", new Settled(), settings.wakeSettle());
            }
            return Behaviors.same();
          })
          .onMessage(Settled.class, m -> {
            loader.load();
            return Behaviors.same();
          })
          .onMessage(Loaded.class, loader::onLoaded)
          .build());
    });
  }

  private void load() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    newAors.reloading();
    context.pipeToSelf(PersistenceQuery.get(context.getSystem())
        .getReadJournalFor(CurrentPersistenceIdsQuery.class, readJournalPluginId)
        .currentPersistenceIds()
        .runForeach(newAors::known, context.getSystem()), Loaded::new);
  }

  private Behavior<Command> onLoaded(Loaded loaded) {
    loading = false;
    if (again) {
      again = false;
      load();
    } else if (loaded.failure() != null) {
      context.getLog().warn("Reading the journal's persistence ids failed; every AOR recovers from the journal",
          loaded.failure());
    } else {
      newAors.loaded();
    }
    return Behaviors.same();
  }
}
