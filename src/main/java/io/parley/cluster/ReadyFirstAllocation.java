package io.parley.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Pekko's shard allocation (its least-shard strategy, as configured) among the nodes that have
 * said they are ready ({@link ReadyNodes}): a node that has just joined takes no shard, by rebalance or by
 * a new allocation, until it is ready. Without this the coordinator starts moving shards to a
 * new node as soon as its region registers, seconds before the node can serve them: a fourth node
 * starting beside three under load took its first ten AOR shards 22 s after it started and 24 s
 * before it was ready, and REGISTERs and calls to those AORs waited up to 22.9 s, close to a SIP
 * transaction's 32 s (bench/handoff.py, bench/RESULTS.md).
 *
 * <p>When no region's node is ready (a cluster starting, or a coordinator that has not yet read
 * the set), every region is a candidate, so that nothing waits for a shard home. Runs in the
 * shard coordinator, on the oldest node.
 */
public final class ReadyFirstAllocation
    implements ShardCoordinator.ShardAllocationStrategy, ShardCoordinator.ActorSystemDependentAllocationStrategy {
  private final ShardCoordinator.ShardAllocationStrategy allocation;
  private volatile Predicate<Address> ready = address -> false;

  /** {@code allocation} (Pekko's, as configured) among the nodes that are ready. */
  public static ReadyFirstAllocation around(ShardCoordinator.ShardAllocationStrategy allocation) {
    return new ReadyFirstAllocation(allocation);
  }

  private ReadyFirstAllocation(ShardCoordinator.ShardAllocationStrategy allocation) {
    this.allocation = allocation;
  }

  @Override
  public void start(ActorSystem system) {
    if (allocation instanceof ShardCoordinator.ActorSystemDependentAllocationStrategy dependent) {
      dependent.start(system);
    } else if (allocation instanceof ShardCoordinator.StartableAllocationStrategy startable) {
      startable.start();
    }
    Cluster cluster = Cluster.get(system);
    ReadyNodes nodes = ReadyNodes.get(system);
    ready = address -> isReady(cluster, nodes.entries(), address);
  }

  /** Whether the member at {@code address} (this node's when local) is ready in its current incarnation. */
  private static boolean isReady(Cluster cluster, Set<String> entries, Address address) {
    Address a = address.hasGlobalScope() ? address : cluster.selfAddress();
    for (Member m : cluster.state().getMembers()) {
      if (m.address().equals(a)) {
        return entries.contains(ReadyNodes.entryOf(m.uniqueAddress()));
      }
    }
    return false;
  }

  /** For a test: which regions' nodes count as ready. */
  void readyWhen(Predicate<Address> ready) {
    this.ready = ready;
  }

  @Override
  public Future<ActorRef> allocateShard(ActorRef requester, String shardId,
      scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> current) {
    return allocation.allocateShard(requester, shardId, readyOnly(current));
  }

  @Override
  public Future<scala.collection.immutable.Set<String>> rebalance(
      scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> current,
      scala.collection.immutable.Set<String> inProgress) {
    return allocation.rebalance(readyOnly(current), inProgress);
  }

  private scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> readyOnly(
      scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> current) {
    Predicate<Address> isReady = ready;
    Map<Address, Boolean> seen = new HashMap<>();
    List<ActorRef> notReady = new ArrayList<>();
    for (ActorRef region : CollectionConverters.asJava(current.keys())) {
      if (!seen.computeIfAbsent(region.path().address(), isReady::test)) {
        notReady.add(region);
      }
    }
    scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> kept =
        current.removedAll(CollectionConverters.asScala(notReady));
    return kept.isEmpty() ? current : kept;
  }
}
