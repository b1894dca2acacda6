package io.parley.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The homes ({@link HomeShards}) this node knows to be real: its own, those of every member it
 * has seen since it started, and those of the calls it has taken over. A branch in a response is
 * not signed, so a home read from it is followed only when it is known here: a stranger who
 * writes made-up homes into responses would otherwise have the cluster allocate a shard for each
 * (the homes in our Record-Routes are signed, {@code RouteToken}). Grows only with the cluster's
 * membership changes. Thread-safe.
 */
public final class KnownHomes {
  private final String own;
  private final Set<String> homes = ConcurrentHashMap.newKeySet();

  public KnownHomes(String own) {
    this.own = own;
    homes.add(own);
  }

  /** The homes of the cluster {@code system} belongs to, kept up to date from its member events. */
  public static KnownHomes of(ActorSystem<?> system) {
    Cluster cluster = Cluster.get(system);
    KnownHomes known = new KnownHomes(HomeShards.token(cluster.selfMember().uniqueAddress()));
    system.systemActorOf(watcher(known), "known-homes", Props.empty());
    return known;
  }

  /** This node's own home. */
  public String own() {
    return own;
  }

  /** Whether {@code home} is the home of a member seen, or of a call taken over, here. */
  public boolean isKnown(String home) {
    return homes.contains(home);
  }

  /** Notes the home of a call this node takes over. */
  public void add(String home) {
    if (HomeShards.isToken(home)) {
      homes.add(home);
    }
  }

  private static Behavior<Object> watcher(KnownHomes known) {
    return Behaviors.setup(context -> {
      Cluster.get(context.getSystem()).subscriptions()
          .tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberEvent.class));
      return Behaviors.receiveMessage(message -> {
        if (message instanceof ClusterEvent.MemberEvent e) {
          known.add(HomeShards.token(e.member().uniqueAddress()));
        } else if (message instanceof ClusterEvent.CurrentClusterState state) {
          for (Member m : state.getMembers()) {
            known.add(HomeShards.token(m.uniqueAddress()));
          }
        }
        return Behaviors.same();
      });
    });
  }
}
