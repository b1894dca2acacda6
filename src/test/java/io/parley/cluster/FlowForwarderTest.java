package io.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import io.parley.transport.Flow;
import io.parley.transport.FlowId;
import io.parley.transport.SipSender;
import io.parley.transport.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A one-node cluster: its own forwarder found through {@link FlowForwarding} by the node name a
 * flow id carries, the send made through the local transport; a flow of a node that is not a
 * member is not sent and is counted; a send that fails on the holding node is counted there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlowForwarderTest {
  private static final byte[] BYTES = "SIP/2.0 100 Trying\r\n\r\n".getBytes(StandardCharsets.UTF_8);
  private ActorTestKit testKit;
  private final BlockingQueue<Flow> sentThrough = new LinkedBlockingQueue<>();
  private volatile boolean accept = true;
  private FlowForwarding forwarding;
  private String self;

  @BeforeAll
  void start() throws Exception {
    testKit = ActorTestKit.create("parley", ConfigLoader.layered(ConfigFactory.parseString("""
        parley.cluster.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        """)));
    var cluster = org.apache.pekko.cluster.typed.Cluster.get(testKit.system());
    cluster.manager().tell(new org.apache.pekko.cluster.typed.Join(cluster.selfMember().address()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (cluster.selfMember().status() != org.apache.pekko.cluster.MemberStatus.up() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    self = FlowForwarding.nodeName(testKit.system().address());
    SipSender local = new SipSender() {
      @Override
      public boolean send(Flow flow, byte[] bytes) {
        assertArrayEquals(BYTES, bytes);
        sentThrough.add(flow);
        return accept;
      }

      @Override
      public boolean send(Transport transport, InetSocketAddress destination, byte[] bytes) {
        throw new AssertionError("a forwarded message goes through its flow");
      }

      @Override
      public Flow flow(FlowId id, InetSocketAddress remote) {
        return null;
      }
    };
    forwarding = FlowForwarding.start(testKit.system(), local, self);
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  private static Flow udpFlow(String node) {
    return new Flow(new FlowId(node, Transport.UDP, 0x0000_7F00_0001_13C4L), Transport.UDP,
        new InetSocketAddress("127.0.0.1", 5060), new InetSocketAddress("127.0.0.1", 5060 + 4));
  }

  @Test
  void aMessageForAMembersFlowIsSentThroughItThere() throws Exception {
    accept = true;
    Flow flow = udpFlow(self);
    var before = forwarding.stats();
    assertTrue(forwarding.sendThrough(flow, BYTES));
    assertEquals(flow, sentThrough.poll(10, TimeUnit.SECONDS));
    awaitStats(before.sent() + 1, before.received() + 1, before.failed());
  }

  @Test
  void aFlowOfANodeThatIsNotAMemberIsNotSentAndIsCounted() throws Exception {
    var before = forwarding.stats();
    assertFalse(forwarding.sendThrough(udpFlow("127.0.0.1:1"), BYTES));
    assertEquals(new FlowForwarding.Stats(before.sent(), before.received(), before.failed() + 1), forwarding.stats());
  }

  @Test
  void aSendThatFailsOnTheHoldingNodeIsCountedThere() throws Exception {
    accept = false;
    try {
      var before = forwarding.stats();
      assertTrue(forwarding.sendThrough(udpFlow(self), BYTES));
      sentThrough.poll(10, TimeUnit.SECONDS);
      awaitStats(before.sent() + 1, before.received() + 1, before.failed() + 1);
    } finally {
      accept = true;
    }
  }

  private void awaitStats(long sent, long received, long failed) throws InterruptedException {
    FlowForwarding.Stats want = new FlowForwarding.Stats(sent, received, failed);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!want.equals(forwarding.stats()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(want, forwarding.stats());
  }
}
