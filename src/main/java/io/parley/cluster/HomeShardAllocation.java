package io.parley.cluster;

import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;

/**
 * Puts each home shard ({@link HomeShards}) on the node whose home it is, and a home whose node is
 * gone on the node with the fewest shards (the requester on a tie), where its calls are resumed.
 * Nothing is rebalanced: a home never leaves a live node, and a node that comes back is a new
 * incarnation with a home of its own. Runs in the shard coordinator, on the oldest node.
 */
public final class HomeShardAllocation extends ShardCoordinator.AbstractShardAllocationStrategy
    implements ShardCoordinator.ActorSystemDependentAllocationStrategy {
  private volatile Cluster cluster;

  @Override
  public void start(ActorSystem system) {
    cluster = Cluster.get(system);
  }

  @Override
  public Future<ActorRef> allocateShard(ActorRef requester, String shardId,
      Map<ActorRef, IndexedSeq<String>> current) {
    String home = HomeShards.homeOfShard(shardId);
    ActorRef fewest = requester;
    int least = current.containsKey(requester) ? current.get(requester).size() : Integer.MAX_VALUE;
    for (Map.Entry<ActorRef, IndexedSeq<String>> region : current.entrySet()) {
      if (home != null && home.equals(tokenOf(region.getKey()))) {
        return Future.successful(region.getKey());
      }
      if (region.getValue().size() < least) {
        least = region.getValue().size();
        fewest = region.getKey();
      }
    }
    return Future.successful(fewest);
  }

  @Override
  public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> current, Set<String> inProgress) {
    return Future.successful(Set.of());
  }

  /** The home token of the node a region lives on; null if that node is not a member now. */
  private String tokenOf(ActorRef region) {
    Cluster c = cluster;
    if (c == null) {
      return null;
    }
    Address address = region.path().address();
    if (!address.hasGlobalScope()) {
      return HomeShards.token(c.selfUniqueAddress());
    }
    for (Member m : c.state().getMembers()) {
      if (m.address().equals(address)) {
        return HomeShards.token(m.uniqueAddress());
      }
    }
    return null;
  }
}
