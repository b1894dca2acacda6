package io.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ddata.DistributedData;
import org.apache.pekko.cluster.ddata.ORSet;
import org.apache.pekko.cluster.ddata.Replicator;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node that says it is ready is seen so by every watcher, and replaces its earlier incarnations. */
class ReadyNodesTest {
  private final ActorTestKit kit = ActorTestKit.create("ready", ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      """).withFallback(ConfigFactory.load()));

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aNodeSaysItIsReadyOnceAndItsEarlierIncarnationsGo() throws InterruptedException {
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    LinkedBlockingQueue<Set<String>> seen = new LinkedBlockingQueue<>();
    kit.spawn(ReadyNodes.watch(seen::add));
    ReadyNodes ready = ReadyNodes.get(kit.system());
    DistributedData ddata = DistributedData.get(Adapter.toClassic(kit.system()));
    SelfUniqueAddress self = ddata.selfUniqueAddress();
    String earlier = self.uniqueAddress().address() + "#12345";
    String elsewhere = "pekko://ready@127.0.0.9:25520#777";
    ddata.replicator().tell(new Replicator.Update<ORSet<String>>(ReadyNodes.KEY, ORSet.create(), Replicator.writeLocal(),
        Optional.empty(), set -> set.add(self, earlier).add(self, elsewhere)), org.apache.pekko.actor.ActorRef.noSender());
    assertEquals(Set.of(earlier, elsewhere), next(seen), "what another incarnation and another node left");

    ready.announce();
    assertEquals(Set.of(ReadyNodes.entryOf(self.uniqueAddress()), elsewhere), next(seen),
        "this incarnation in, its earlier one out, the other node's kept");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!ready.entries().contains(ReadyNodes.entryOf(self.uniqueAddress())) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(Set.of(ReadyNodes.entryOf(self.uniqueAddress()), elsewhere), ready.entries(),
        "the extension's own watcher sees the same");
  }

  private static Set<String> next(LinkedBlockingQueue<Set<String>> seen) throws InterruptedException {
    Set<String> s = seen.poll(10, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("the watcher was told nothing within 10 s");
    }
    return s;
  }
}
