package io.parley.cluster;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Tells its parent when cluster membership has been quiet for a while after a member came up or
 * was removed, and whether this node is the leader then: when the sweeps that follow a node's
 * start or loss ({@code AorWaker}, {@code DialogRecovery}) are to run, once, on one node. A burst
 * of changes (a whole cluster starting) makes one {@link Settled}, not one per member.
 */
public final class MembershipSettle {

  /** Membership has been quiet for the settle time; {@code leader}: this node leads now. */
  public record Settled(boolean leader) {}

  /** What the settle actor hears. */
  public sealed interface Command {}

  private record Changed(ClusterEvent.MemberEvent event) implements Command {}

  private enum Quiet implements Command { INSTANCE }

  private MembershipSettle() {}

  /**
   * @param settle how long membership must be quiet
   * @param parent told {@link Settled} after each quiet period that follows a change
   */
  public static Behavior<Command> create(Duration settle, ActorRef<Settled> parent) {
    return Behaviors.setup(ctx -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.MemberEvent.class, Changed::new), ClusterEvent.MemberEvent.class));
      return Behaviors.withTimers(timers -> Behaviors.receive(Command.class)
          .onMessage(Changed.class, m -> {
            if (m.event() instanceof ClusterEvent.MemberUp || m.event() instanceof ClusterEvent.MemberRemoved) {
              timers.startSingleTimer(Quiet.INSTANCE, settle);
            }
            return Behaviors.same();
          })
          .onMessageEquals(Quiet.INSTANCE, () -> {
            parent.tell(new Settled(cluster.selfMember().address().equals(cluster.state().getLeader())));
            return Behaviors.same();
          })
          .build());
    });
  }
}
