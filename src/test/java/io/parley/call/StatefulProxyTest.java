package io.parley.call;

import static io.parley.call.Wire.assertStart;
import static io.parley.call.Wire.find;
import static io.parley.call.Wire.header;
import static io.parley.call.Wire.topBranch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.call.RecordingSender.Sent;
import io.parley.transport.Transport;
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
 * The stateful proxy of a call entity (RFC 3261 §16) under ManualTime, with a transport that
 * records every message sent: forking, CANCEL, Timer C. The callee side is two UASs at
 * 127.0.0.1:5070 and :5072 that a static route forks {@code sip:bob@example.net} to.
 */
class StatefulProxyTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final String BOB = "sip:bob@example.net";
  private static final String FIRST = "sip:bob@127.0.0.1:5070";
  private static final String SECOND = "sip:bob@127.0.0.1:5072";
  private static final int CALLER = CallFixture.CALLER.getPort();

  private final TestProbe<Sent> probe = testKit.createTestProbe();
  private final Wire wire = new Wire(probe);
  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
  private final CallFixture fixture = new CallFixture(probe.ref(),
      Map.of(BOB, List.of(FIRST, SECOND), "sip:carol@example.net", List.of(FIRST),
          "sip:dave@example.net", List.of(FIRST + ";transport=tcp")));
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

  /** Sends the INVITE to {@code uri}; returns the branch INVITEs, after checking the 100 upstream. */
  private List<Sent> invite(String uri, int branches) {
    entity.tell(fixture.fromCaller(CallMessages.invite(uri)));
    List<Sent> sent = wire.next(1 + branches);
    Sent trying = find(sent, CALLER, "SIP/2.0 100 ");
    assertSame(fixture.callerFlow, trying.flow(), "a response goes back through its request's flow (§18.2.2)");
    sent.remove(trying);
    return sent;
  }

  private void answer(Sent request, int status, String reason, String tag) {
    entity.tell(fixture.response(Uas.answer(request, status, reason, tag), request.to()));
  }

  @Test
  void anInviteIsForkedToBothTargetsAtOnceAndTheFirst2xxCancelsTheOther() {
    List<Sent> branches = invite(BOB, 2);
    Sent first = find(branches, 5070, "INVITE ");
    Sent second = find(branches, 5072, "INVITE ");
    // §16.6: each copy carries its target, Max-Forwards less one, our Via and Record-Route
    assertStart("INVITE " + FIRST + " SIP/2.0", first);
    assertStart("INVITE " + SECOND + " SIP/2.0", second);
    for (Sent b : branches) {
      assertTrue(header(b, "Via").startsWith("SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK"), b.text());
      assertTrue(b.text().contains("branch=z9hG4bKcaller1"), "the caller's Via stays below ours: " + b.text());
      assertEquals("69", header(b, "Max-Forwards"));
      assertTrue(header(b, "Record-Route").startsWith("<sip:127.0.0.1:5060;"), b.text());
      assertTrue(header(b, "Record-Route").contains(";lr"), b.text());
      assertEquals(CallMessages.CALL_ID, header(b, "Call-ID"));
    }
    assertNotEquals(topBranch(first), topBranch(second), "each branch is a transaction of its own (§16.6 item 8)");

    answer(first, 180, "Ringing", "b1");
    Sent ringing = probe.receiveMessage();
    assertEquals(CALLER, ringing.to().getPort());
    assertStart("SIP/2.0 180 Ringing", ringing);
    assertTrue(header(ringing, "Via").contains("branch=z9hG4bKcaller1"), "our Via is removed (§16.7 item 3)");
    assertTrue(header(ringing, "To").endsWith(";tag=b1"));

    answer(second, 200, "OK", "b2");
    List<Sent> sent = wire.next(2);
    Sent ok = find(sent, CALLER, "SIP/2.0 200 ");
    assertTrue(header(ok, "To").endsWith(";tag=b2"));
    // §16.7 item 10: the other branch, which heard a provisional, is cancelled
    Sent cancel = find(sent, 5070, "CANCEL ");
    assertStart("CANCEL " + FIRST + " SIP/2.0", cancel);
    assertEquals(topBranch(first), topBranch(cancel), "a CANCEL names the INVITE's branch (§9.1)");
    assertEquals("7 CANCEL", header(cancel, "CSeq"));

    answer(cancel, 200, "OK", "b1");
    answer(first, 487, "Request Terminated", "b1");
    Sent ack = probe.receiveMessage();
    assertStart("ACK " + FIRST + " SIP/2.0", ack);
    assertEquals(topBranch(first), topBranch(ack), "the ACK of a non-2xx is hop by hop (§17.1.1.3)");
    probe.expectNoMessage(Duration.ofMillis(200)); // the 487 does not go upstream after the 200
  }

  @Test
  void aCancelIsAnsweredHereAndSentOnEachPendingBranchAndTheCallerGets487() {
    List<Sent> branches = invite(BOB, 2);
    Sent first = find(branches, 5070, "INVITE ");
    Sent second = find(branches, 5072, "INVITE ");
    answer(first, 180, "Ringing", "b1");
    answer(second, 183, "Session Progress", "b2");
    wire.next(2);

    entity.tell(fixture.fromCaller(CallMessages.cancel(BOB)));
    List<Sent> sent = wire.next(3);
    // §16.10: 200 to the CANCEL at once, hop by hop; then a CANCEL on each pending branch
    Sent cancelOk = find(sent, CALLER, "SIP/2.0 200 ");
    assertEquals("7 CANCEL", header(cancelOk, "CSeq"));
    Sent cancelFirst = find(sent, 5070, "CANCEL ");
    Sent cancelSecond = find(sent, 5072, "CANCEL ");
    assertEquals(topBranch(first), topBranch(cancelFirst));
    assertEquals(topBranch(second), topBranch(cancelSecond));

    answer(cancelFirst, 200, "OK", "b1");
    answer(cancelSecond, 200, "OK", "b2");
    answer(first, 487, "Request Terminated", "b1");
    answer(second, 487, "Request Terminated", "b2");
    sent = wire.next(3);
    find(sent, 5070, "ACK ");
    find(sent, 5072, "ACK ");
    Sent terminated = find(sent, CALLER, "SIP/2.0 487 ");
    assertEquals("7 INVITE", header(terminated, "CSeq"));
    probe.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aCancelBeforeAnyProvisionalWaitsForOneThenCancelsTheBranch() {
    Sent branch = invite("sip:carol@example.net", 1).get(0);
    entity.tell(fixture.fromCaller(CallMessages.cancel("sip:carol@example.net")));
    assertStart("SIP/2.0 200 OK", probe.receiveMessage());
    probe.expectNoMessage(Duration.ofMillis(200)); // RFC 3261 §9.1: no CANCEL before a provisional

    answer(branch, 180, "Ringing", "c1");
    List<Sent> sent = wire.next(2); // the 180 still goes up: no final response has
    find(sent, CALLER, "SIP/2.0 180 ");
    assertEquals(topBranch(branch), topBranch(find(sent, 5070, "CANCEL ")));
  }

  @Test
  void timerCCancelsABranchThatRangTooLongAndTheCallerGets408() {
    Sent branch = invite("sip:carol@example.net", 1).get(0);
    answer(branch, 180, "Ringing", "c1");
    assertStart("SIP/2.0 180 Ringing", probe.receiveMessage()); // Timer C restarted by now (§16.7 item 2)

    manualTime.expectNoMessageFor(Duration.ofSeconds(179), probe);
    manualTime.timePasses(Duration.ofSeconds(1));
    // §16.8: a branch that heard a provisional is cancelled when Timer C fires
    Sent cancel = probe.receiveMessage();
    assertStart("CANCEL sip:bob@127.0.0.1:5070 SIP/2.0", cancel);
    assertEquals(topBranch(branch), topBranch(cancel));

    answer(cancel, 200, "OK", "c1");
    answer(branch, 487, "Request Terminated", "c1");
    List<Sent> sent = wire.next(2);
    find(sent, 5070, "ACK ");
    // the branch's 487 answers our own CANCEL: the caller hears a timeout
    Sent timeout = find(sent, CALLER, "SIP/2.0 408 ");
    assertEquals("7 INVITE", header(timeout, "CSeq"));
  }

  @Test
  void aBranchThatAnswersNeitherTimerCNorItsCancelIsGivenUpWith408() {
    // over TCP: no retransmissions (§17.1.1.2), so the wire stays quiet but for what is asserted
    Sent branch = invite("sip:dave@example.net", 1).get(0);
    assertEquals(Transport.TCP, branch.transport());
    answer(branch, 180, "Ringing", "d1");
    probe.receiveMessage();
    manualTime.timePasses(Duration.ofSeconds(180));
    assertStart("CANCEL sip:bob@127.0.0.1:5070;transport=tcp SIP/2.0", probe.receiveMessage());
    entity.tell(fixture.fromCaller(CallMessages.invite("sip:dave@example.net")));
    // the retransmitted INVITE gets the last provisional again (§17.2.1), and shows that the
    // entity has finished sending the CANCEL (and started its timer)
    assertStart("SIP/2.0 180 Ringing", probe.receiveMessage());

    // RFC 3261 §9.1: no final response 64*T1 after the CANCEL: the branch is given up
    manualTime.expectNoMessageFor(Duration.ofMillis(31_999), probe);
    manualTime.timePasses(Duration.ofMillis(1));
    Sent timeout = probe.receiveMessage();
    assertEquals(CALLER, timeout.to().getPort());
    assertStart("SIP/2.0 408 Request Timeout", timeout);
    assertEquals("7 INVITE", header(timeout, "CSeq"));
  }
}
