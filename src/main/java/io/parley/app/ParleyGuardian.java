package io.parley.app;

import io.parley.config.ClusterSettings;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/** The root actor of a node: joins the cluster; later issues spawn the node's services here. */
final class ParleyGuardian {
  private ParleyGuardian() {}

  /** Nothing is sent to the guardian yet; the node's services answer for themselves. */
  interface Command {}

  static Behavior<Command> create(ClusterSettings cluster) {
    return Behaviors.setup(context -> {
      if (cluster.selfJoin()) {
        Cluster self = Cluster.get(context.getSystem());
        self.manager().tell(Join.create(self.selfMember().address()));
      }
      return Behaviors.empty();
    });
  }
}
