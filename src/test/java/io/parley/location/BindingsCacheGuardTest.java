package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A member coming up drops what the node's lookup cache holds: a notice may have been lost. */
class BindingsCacheGuardTest {
  private final ActorTestKit kit = ActorTestKit.create("guard", ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      """).withFallback(ConfigFactory.load()));

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aMemberUpDropsEverythingHeld() throws InterruptedException {
    BindingsCache cache = BindingsCache.get(kit.system());
    long now = System.currentTimeMillis();
    Binding b = new Binding("sip:bob@127.0.0.1:5070", Binding.Q_UNSPECIFIED, "", now + 60_000, now + 60_000, "reg-1",
        1, null, List.of(), null, 0, "udp:127.0.0.1:5070", now);
    cache.offer("bob@example.com", new Bindings(List.of(b)), cache.askToken(), now);
    kit.spawn(BindingsCacheGuard.create(cache));
    Thread.sleep(300); // subscribed before the member comes up
    assertTrue(cache.holds("bob@example.com"), "nothing has happened to the cluster yet");
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cache.holds("bob@example.com") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(cache.holds("bob@example.com"), "the member came up and the cache still holds bob");
  }
}
