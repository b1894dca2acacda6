package io.parley.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.transport.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ACK of a 2xx (RFC 3261 §16.7 item 4) leaves by the same way as a branch ({@link
 * BranchExit}): a next hop that is a host name is resolved (RFC 3263 §4.2) and the ACK sent
 * there, not dropped.
 */
class StatelessForwarderTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  private final TestProbe<RecordingSender.Sent> wire = testKit.createTestProbe();
  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
  private final CallFixture fixture = new CallFixture(wire.ref());

  @AfterEach
  void close() {
    fixture.close();
  }

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private static String ack(String requestUri, String... extra) {
    return "ACK " + requestUri + " SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKack1;rport\n"
        + "Max-Forwards: 70\n"
        + String.join("", Arrays.stream(extra).map(e -> e + "\n").toList())
        + "From: <sip:alice@example.com>;tag=a1\n"
        + "To: <sip:bob@example.net>;tag=b1\n"
        + "Call-ID: ack-1@127.0.0.1\n"
        + "CSeq: 1 ACK\n"
        + "Content-Length: 0\n\n";
  }

  private RecordingSender.Sent forwarded(String text) {
    var entity = testKit.spawn(CallEntity.create(fixture.services, shard.ref()));
    entity.tell(fixture.fromCaller(text));
    RecordingSender.Sent sent = wire.receiveMessage(Duration.ofSeconds(10));
    wire.expectNoMessage(Duration.ofMillis(100));
    return sent;
  }

  @Test
  void anAckToAHostNameIsSentToItsAddress() {
    RecordingSender.Sent sent = forwarded(ack("sip:bob@localhost:5070"));
    assertEquals(Transport.UDP, sent.transport());
    assertNull(sent.flow());
    assertEquals(new InetSocketAddress("127.0.0.1", 5070), sent.to());
    assertEquals("ACK sip:bob@localhost:5070 SIP/2.0", sent.startLine());
    assertTrue(sent.text().contains("\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK"), sent.text());
    assertTrue(sent.text().contains("\r\nMax-Forwards: 69\r\n"), sent.text());
  }

  @Test
  void anAckWhoseRouteNamesAHostIsSentThere() {
    RecordingSender.Sent sent = forwarded(ack("sip:bob@127.0.0.1:5070", "Route: <sip:localhost:5072;lr>"));
    assertEquals(new InetSocketAddress("127.0.0.1", 5072), sent.to());
    assertEquals("ACK sip:bob@127.0.0.1:5070 SIP/2.0", sent.startLine());
    assertTrue(sent.text().contains("\r\nRoute: <sip:localhost:5072;lr>\r\n"), sent.text());
  }

  @Test
  void anAckToAnIpLiteralLeavesAtOnceAndTheEntityPassivates() {
    var entity = testKit.spawn(CallEntity.create(fixture.services, shard.ref()));
    entity.tell(fixture.fromCaller(ack("sip:bob@127.0.0.1:5070")));
    assertEquals(new InetSocketAddress("127.0.0.1", 5070), wire.receiveMessage().to());
    // RFC 3261 §17: no transaction for the ACK, so nothing is left to keep the entity
    assertEquals(new ClusterSharding.Passivate<>(entity), shard.receiveMessage());
  }

  @Test
  void anAckToANameThatDoesNotResolveIsDropped() {
    var entity = testKit.spawn(CallEntity.create(fixture.services, shard.ref()));
    entity.tell(fixture.fromCaller(ack("sip:bob@no-such-host.invalid:5070")));
    shard.receiveMessage();
    wire.expectNoMessage(Duration.ofSeconds(1));
  }
}
