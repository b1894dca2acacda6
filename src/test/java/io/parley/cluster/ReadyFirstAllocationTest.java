package io.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/** The regions of nodes that are not ready are kept from the allocation, unless no node is ready. */
class ReadyFirstAllocationTest {
  private final ActorTestKit kit = ActorTestKit.create("alloc", ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      """).withFallback(ConfigFactory.load()));

  private final AtomicReference<Set<ActorRef>> offered = new AtomicReference<>();
  private final ReadyFirstAllocation allocation = ReadyFirstAllocation.around(new Recorder());

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  /** Stands for Pekko's least-shard allocation: records the regions it is offered. */
  private final class Recorder implements ShardCoordinator.ShardAllocationStrategy {
    @Override
    public Future<ActorRef> allocateShard(ActorRef requester, String shardId,
        scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> current) {
      offered.set(Set.copyOf(CollectionConverters.asJava(current.keySet())));
      return Future.successful(requester);
    }

    @Override
    public Future<scala.collection.immutable.Set<String>> rebalance(
        scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> current,
        scala.collection.immutable.Set<String> inProgress) {
      offered.set(Set.copyOf(CollectionConverters.asJava(current.keySet())));
      return Future.successful(inProgress);
    }
  }

  private ActorRef region(String host) {
    ExtendedActorSystem system = (ExtendedActorSystem) Adapter.toClassic(kit.system());
    return system.provider().resolveActorRef("pekko://alloc@" + host + ":25520/system/sharding/Aor");
  }

  private static scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> holding(List<ActorRef> regions) {
    Map<ActorRef, IndexedSeq<String>> m = new HashMap<>();
    for (ActorRef r : regions) {
      m.put(r, CollectionConverters.asScala(List.of("1")).toIndexedSeq());
    }
    return scala.collection.immutable.Map.from(CollectionConverters.asScala(m));
  }

  @Test
  void aNodeNotReadyIsOfferedNothingWhileAnotherIs() {
    ActorRef warm = region("127.0.0.2");
    ActorRef cold = region("127.0.0.3");
    Address warmAddress = warm.path().address();
    allocation.readyWhen(warmAddress::equals);

    allocation.allocateShard(cold, "7", holding(List.of(warm, cold)));
    assertEquals(Set.of(warm), offered.get(), "a new shard goes among the ready nodes");
    allocation.rebalance(holding(List.of(warm, cold)), scala.collection.immutable.Set$.MODULE$.empty());
    assertEquals(Set.of(warm), offered.get(), "nothing is moved to a node that is not ready");

    allocation.readyWhen(address -> true);
    allocation.rebalance(holding(List.of(warm, cold)), scala.collection.immutable.Set$.MODULE$.empty());
    assertEquals(Set.of(warm, cold), offered.get(), "once ready, the node is offered shards");
  }

  @Test
  void startsInsideAnActorSystemWithAGuardianOfItsOwn() {
    ActorRef a = region("127.0.0.2");
    allocation.start(Adapter.toClassic(kit.system()));
    allocation.allocateShard(a, "7", holding(List.of(a)));
    assertEquals(Set.of(a), offered.get(), "no member is ready: every region is a candidate");
  }

  @Test
  void whenNoNodeIsReadyEveryRegionIsACandidate() {
    ActorRef a = region("127.0.0.2");
    ActorRef b = region("127.0.0.3");
    allocation.readyWhen(address -> false);
    allocation.allocateShard(a, "7", holding(List.of(a, b)));
    assertEquals(Set.of(a, b), offered.get(), "a cluster starting must still get its shards a home");
  }
}
