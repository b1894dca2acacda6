package io.parley.location;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Drops this node's {@link BindingsCache} whenever a notice of a binding change may have been
 * lost: a member came up or was removed, or became unreachable or reachable again (pub-sub
 * delivers at most once, and not across a broken association). Rare events; the cache fills
 * again from the next lookups.
 */
public final class BindingsCacheGuard {
  private BindingsCacheGuard() {}

  public sealed interface Command {}

  record MembershipChanged(ClusterEvent.MemberEvent event) implements Command {}

  record ReachabilityChanged(ClusterEvent.ReachabilityEvent event) implements Command {}

  public static Behavior<Command> create(BindingsCache cache) {
    return Behaviors.setup(context -> {
      subscribe(context);
      return Behaviors.receive(Command.class)
          .onMessage(MembershipChanged.class, m -> onMembershipChanged(cache, m))
          .onMessage(ReachabilityChanged.class, r -> onReachabilityChanged(cache))
          .build();
    });
  }

  private static void subscribe(ActorContext<Command> context) {
    Cluster cluster = Cluster.get(context.getSystem());
    cluster.subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberEvent.class, MembershipChanged::new), ClusterEvent.MemberEvent.class));
    cluster.subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.ReachabilityEvent.class, ReachabilityChanged::new),
        ClusterEvent.ReachabilityEvent.class));
  }

  private static Behavior<Command> onMembershipChanged(BindingsCache cache, MembershipChanged m) {
    if (m.event() instanceof ClusterEvent.MemberUp || m.event() instanceof ClusterEvent.MemberWeaklyUp
        || m.event() instanceof ClusterEvent.MemberRemoved) {
      cache.clear();
    }
    return Behaviors.same();
  }

  private static Behavior<Command> onReachabilityChanged(BindingsCache cache) {
    cache.clear();
    return Behaviors.same();
  }
}
