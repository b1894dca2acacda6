package io.parley.call;

import static io.parley.call.Wire.assertStart;
import static io.parley.call.Wire.find;
import static io.parley.call.Wire.header;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.call.RecordingSender.Sent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call entity's life under ManualTime, its shard a test probe: it asks to be passivated once
 * its last transaction has ended, and not before, so a finished call leaves nothing behind;
 * retransmissions are absorbed by their transactions. The callee is a UAS at 127.0.0.1:5070 that
 * a static route sends {@code sip:carol@example.net} to.
 */
class CallEntityTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final String CAROL = "sip:carol@example.net";
  private static final String CONTACT = "sip:bob@127.0.0.1:5070";
  private static final int CALLER = CallFixture.CALLER.getPort();

  private final TestProbe<Sent> probe = testKit.createTestProbe();
  private final Wire wire = new Wire(probe);
  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
  private final CallFixture fixture = new CallFixture(probe.ref(), Map.of(CAROL, List.of(CONTACT)));
  private final ActorRef<CallEntity.Command> entity = testKit.spawn(CallEntity.create(fixture.services, shard.ref()));

  @AfterEach
  void close() {
    testKit.stop(entity);
    fixture.close();
  }

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private Sent invite() {
    entity.tell(fixture.fromCaller(CallMessages.invite(CAROL)));
    List<Sent> sent = wire.next(2);
    find(sent, CALLER, "SIP/2.0 100 ");
    return find(sent, 5070, "INVITE ");
  }

  private void answer(Sent request, int status, String reason, String tag) {
    entity.tell(fixture.response(Uas.answer(request, status, reason, tag), request.to()));
  }

  private void expectPassivatedAndStopped() {
    assertEquals(new ClusterSharding.Passivate<>(entity), shard.receiveMessage());
    assertEquals(1, fixture.load.live());
    entity.tell(CallEntity.Stop.INSTANCE); // as the shard does next
    probe.expectTerminated(entity);
    assertEquals(0, fixture.load.live(), "the entity counts itself out of the node's load");
  }

  /**
   * A response that no transaction of the call takes (a late retransmission, or one whose Via a
   * stranger forged to name us) wakes the entity and must not keep it: sharding does not passivate
   * call entities by idleness, so the entity asks for it itself.
   */
  @Test
  void aResponseNoTransactionTakesLeavesNothingBehind() {
    String stray = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKnothing\r\n"
        + "From: <sip:alice@example.com>;tag=a\r\nTo: <sip:carol@example.net>;tag=b\r\nCall-ID: stray-1\r\n"
        + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    entity.tell(fixture.response(stray.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        new java.net.InetSocketAddress("127.0.0.1", 5070)));
    expectPassivatedAndStopped();
    probe.expectNoMessage(java.time.Duration.ofMillis(50));
  }

  @Test
  void anAnsweredCallPassivatesOnceItsTransactionsHaveEnded() {
    Sent branch = invite();
    answer(branch, 200, "OK", "b1");
    assertStart("SIP/2.0 200 OK", probe.receiveMessage());
    entity.tell(fixture.fromCaller(CallMessages.ackOfSuccess(CONTACT, CAROL, "b1")));
    Sent ack = probe.receiveMessage();
    assertStart("ACK " + CONTACT + " SIP/2.0", ack);
    assertEquals(5070, ack.to().getPort());

    // RFC 6026 §7.1, §8.4: both INVITE transactions stay Accepted for 64*T1 (Timers L and M),
    // to pass on retransmitted 2xx; the entity lives as long as they do
    manualTime.expectNoMessageFor(Duration.ofMillis(31_900), shard);
    manualTime.timePasses(Duration.ofMillis(200));
    expectPassivatedAndStopped();
    probe.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aFailedCallPassivatesWhenTheLastOfItsTransactionsEnds() {
    Sent branch = invite();
    answer(branch, 486, "Busy Here", "b1");
    List<Sent> sent = wire.next(2);
    find(sent, 5070, "ACK ");
    Sent busy = find(sent, CALLER, "SIP/2.0 486 ");
    assertEquals("7 INVITE", header(busy, "CSeq"));
    entity.tell(fixture.fromCaller(CallMessages.ackOfFailure(CAROL, "b1"))); // absorbed by the server transaction

    // the server transaction ends after Timer I (T4), the client one after Timer D (32 s over UDP)
    manualTime.expectNoMessageFor(Duration.ofSeconds(31), shard, probe);
    manualTime.timePasses(Duration.ofSeconds(2));
    expectPassivatedAndStopped();
  }

  @Test
  void aRetransmittedInviteIsAbsorbedByItsTransaction() {
    Sent branch = invite();
    answer(branch, 180, "Ringing", "b1");
    assertStart("SIP/2.0 180 Ringing", probe.receiveMessage());
    entity.tell(fixture.fromCaller(CallMessages.invite(CAROL)));
    // RFC 3261 §17.2.1: the last provisional again, and no second branch
    Sent again = probe.receiveMessage();
    assertStart("SIP/2.0 180 Ringing", again);
    assertEquals(CALLER, again.to().getPort());
    probe.expectNoMessage(Duration.ofMillis(200));
    shard.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aCancelThatMatchesNoInviteGets481AndTheEntityPassivatesAtOnce() {
    entity.tell(fixture.fromCaller(CallMessages.cancel(CAROL)));
    Sent answer = probe.receiveMessage();
    assertStart("SIP/2.0 481 Call/Transaction Does Not Exist", answer); // RFC 3261 §16.10
    assertEquals("7 CANCEL", header(answer, "CSeq"));
    expectPassivatedAndStopped();
  }
}
