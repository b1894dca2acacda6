package io.parley.app;

import io.parley.config.ClusterSettings;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;

/**
 * How a node enters the cluster: through its seed nodes, through Pekko Management's cluster
 * bootstrap, or on its own. Called at the end of the node's start, not when the actor system is
 * made: a member that is Up is given AOR shards, and a node that joined at once took them while
 * it was still migrating, loading and binding, CPU-starved and cold (a fourth node added under
 * load was Up 17-46 s before it could answer; the slowest INVITE waited 22.9 s, bench/handoff.py,
 * bench/RESULTS.md). Joining last, the node is a member only once it can serve what it is given.
 */
final class ClusterEntry {
  private ClusterEntry() {}

  static void join(ActorSystem<?> system, ClusterSettings settings) {
    Cluster cluster = Cluster.get(system);
    if (settings.bootstrap()) {
      // its contact points are the other nodes' management servers, this one's among them
      ClusterBootstrap.get(system).start();
    } else if (settings.selfJoin()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      List<Address> seeds = settings.seedNodes().stream().map(AddressFromURIString::parse).toList();
      cluster.manager().tell(new JoinSeedNodes(seeds));
    }
  }
}
