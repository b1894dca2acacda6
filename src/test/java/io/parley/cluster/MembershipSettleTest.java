package io.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One node forms its cluster: one {@link MembershipSettle.Settled}, as leader, after the quiet time, then no more. */
class MembershipSettleTest {
  private final ActorTestKit kit = ActorTestKit.create("settle", ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      """));

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aMemberUpIsFollowedBySettledOnceMembershipIsQuiet() {
    TestProbe<MembershipSettle.Settled> parent = kit.createTestProbe();
    kit.spawn(MembershipSettle.create(Duration.ofMillis(300), parent.getRef()));
    parent.expectNoMessage(Duration.ofMillis(500));
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    assertEquals(new MembershipSettle.Settled(true), parent.receiveMessage(Duration.ofSeconds(10)));
    parent.expectNoMessage(Duration.ofSeconds(1));
  }
}
