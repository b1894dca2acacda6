package io.parley.call;

import static io.parley.call.Wire.assertStart;
import static io.parley.call.Wire.find;
import static io.parley.call.Wire.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.call.RecordingSender.Sent;
import io.parley.dialog.CallCounts;
import io.parley.dialog.CallEnded;
import io.parley.dialog.DialogEvents;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogLeg;
import io.parley.dialog.DialogSettings;
import io.parley.dialog.MaxDurations;
import io.parley.dialog.DialogState;
import io.parley.dialog.HangUp;
import io.parley.message.ResponseFactory;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.proxy.Caller;
import java.time.Duration;
import java.util.ArrayList;
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
 * The dialog a call entity tracks (RFC 3261 §12) under ManualTime, with a transport that records
 * what is sent and a recording {@link DialogEvents}: confirmed with its route sets, ended from the
 * middle (max duration, session expiry, dead ends, a resume after the deadline) with one BYE to
 * each side built as that side's peer would (RFC 3261 §12.2.1.1), the entity kept alive while the
 * dialog lives, 422 and 500 refusals, pings and the per-subscriber limit.
 *
 * <p>The caller's side: the INVITE arrives from a proxy at 127.0.0.1:5062 that Record-Routes, for
 * alice whose contact is 127.0.0.1:5064. The callee's side: a static route sends {@code
 * sip:carol@example.net} to a proxy at 127.0.0.1:5070 that Record-Routes too; bob answers from
 * 127.0.0.1:5072.
 */
class CallDialogTest extends DialogEntityTestBase {
  // ---- max duration ----

  @Test
  void theMaxDurationEndsTheCallWithOneByeToEachSideAndTheEntityStaysUntilTheyAreAnswered() {
    start(settings(HOUR, Duration.ZERO));
    establish("");
    DialogInfo confirmed = event(Confirmed.class).dialog();
    assertEquals(DialogState.CONFIRMED, confirmed.state());
    // RFC 3261 §12.1: each side's route set, from us toward it, nearest first
    assertEquals(List.of(CALLER_PROXY), confirmed.caller().routeSet());
    assertEquals(List.of(CALLEE_PROXY), confirmed.callee().routeSet());
    assertEquals(ALICE_CONTACT, confirmed.caller().contact());
    assertEquals(BOB_CONTACT, confirmed.callee().contact());
    assertEquals("a1", confirmed.caller().tag());
    assertEquals("b1", confirmed.callee().tag());
    assertEquals("sip:127.0.0.1:" + NEXT_HOP, confirmed.finalUri());

    // Timers L and M (32 s) end the INVITE transactions, Timer C is long stopped: the entity
    // holds its dialog and neither asks to be passivated nor sends anything
    // stored at persist-after (5 s), when the dialog's one timer is set for its end: time moves
    // on in steps, as a scheduler's does, not in one jump past both
    manualTime.expectNoMessageFor(Duration.ofSeconds(5), shard, probe);
    stored.receiveMessage();
    manualTime.expectNoMessageFor(Duration.ofSeconds(195), shard, probe);
    events.expectNoMessage(Duration.ZERO);

    manualTime.timePasses(HOUR.minusSeconds(200));
    Sent[] byes = byes();
    assertByes(byes, 7, 0);
    CallEnded ended = event(Ended.class).call();
    assertEquals(HangUp.MAX_DURATION, ended.endedBy());
    assertEquals(DialogState.TERMINATED, ended.dialog().state());
    byesAnsweredThenPassivated(byes);
  }

  /**
   * The store hears of a confirmed call only once it has lasted parley.dialog.persist-after, and
   * of its end only then; a call that ends sooner never reaches it.
   */
  @Test
  void aConfirmedCallReachesTheStoreOnceItHasLastedPersistAfter() {
    start(new DialogSettings(true, HOUR, Duration.ZERO, 90, 0, 0, Duration.ofSeconds(5)));
    establish("");
    event(Confirmed.class);
    manualTime.expectNoMessageFor(Duration.ofMillis(4900), stored);
    manualTime.timePasses(Duration.ofMillis(100));
    DialogInfo kept = ((Confirmed) stored.receiveMessage()).dialog();
    assertEquals(DialogState.CONFIRMED, kept.state());
    TestProbe<CallEntity.EndDialogReply> reply = testKit.createTestProbe();
    entity.tell(new CallEntity.EndDialog(reply.ref()));
    assertEquals(HangUp.OPERATOR, ((Ended) stored.receiveMessage()).call().endedBy());
    byes();
  }

  @Test
  void aCallEndedBeforePersistAfterNeverReachesTheStore() {
    start(new DialogSettings(true, HOUR, Duration.ZERO, 90, 0, 0, Duration.ofSeconds(5)));
    establish("");
    manualTime.timePasses(Duration.ofSeconds(2));
    TestProbe<CallEntity.EndDialogReply> reply = testKit.createTestProbe();
    entity.tell(new CallEntity.EndDialog(reply.ref()));
    byes();
    assertEquals(HangUp.OPERATOR, event(Ended.class).call().endedBy());
    manualTime.expectNoMessageFor(Duration.ofSeconds(10), stored);
  }

  @Test
  void anOperatorEndsTheCallWithOneByeToEachSide() {
    start(settings(HOUR, Duration.ZERO));
    String ours = establish("");
    event(Confirmed.class);
    // the caller has refreshed the session since: its next CSeq is above the re-INVITE's
    entity.tell(fixture.fromCaller(inDialog("INVITE", 9, ours, "")));
    List<Sent> sent = wire.next(2);
    Sent reInvite = find(sent, NEXT_HOP, "INVITE ");
    fromCallee(reInvite, answer200(reInvite));
    assertStart("SIP/2.0 200 OK", probe.receiveMessage());

    TestProbe<CallEntity.EndDialogReply> replies = testKit.createTestProbe();
    entity.tell(new CallEntity.EndDialog(replies.ref()));
    CallEntity.EndDialogReply reply = replies.receiveMessage();
    assertEquals(DialogState.TERMINATED, reply.ended().state());
    Sent[] byes = byes();
    assertByes(byes, 9, 0);
    assertEquals(HangUp.OPERATOR, event(Ended.class).call().endedBy());
    // the re-INVITE's transactions are still Accepted (Timers L and M, 32 s)
    for (Sent bye : byes) {
      entity.tell(fixture.response(Uas.answer(bye, 200, "OK", null), bye.to()));
    }
    manualTime.expectNoMessageFor(Duration.ofSeconds(31), shard);
    manualTime.timePasses(Duration.ofSeconds(2));
    assertEquals(new ClusterSharding.Passivate<>(entity), shard.receiveMessage());
  }

  /** RFC 3261 §15.1.2: the callee's BYE ends the call; the proxy sends none of its own. */
  @Test
  void theCalleesByeEndsTheCallAndTheEntityPassivatesWhenItsTransactionEnds() {
    start(settings(HOUR, Duration.ofSeconds(30)));
    String ours = establish("");
    event(Confirmed.class);
    String bye = "BYE " + ALICE_CONTACT + " SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKcallee-bye\n"
        + "Max-Forwards: 70\n"
        + "Route: " + ours + "\n"
        + "Route: " + CALLER_PROXY + "\n"
        + "From: <" + CAROL + ">;tag=b1\n"
        + "To: <sip:alice@example.com>;tag=a1\n"
        + "Call-ID: " + CallMessages.CALL_ID + "\n"
        + "CSeq: 1 BYE\n"
        + "Content-Length: 0\n\n";
    entity.tell(fixture.fromCaller(bye));
    Sent forwarded = probe.receiveMessage();
    assertStart("BYE " + ALICE_CONTACT + " SIP/2.0", forwarded);
    assertEquals(HangUp.CALLEE, event(Ended.class).call().endedBy());
    entity.tell(fixture.response(Uas.answer(forwarded, 200, "OK", null), forwarded.to()));
    assertStart("SIP/2.0 200 OK", probe.receiveMessage());
    // no pings and no BYE of ours after the call; the BYE's server transaction ends after
    // Timer J (64*T1 over UDP), the last of the call
    manualTime.expectNoMessageFor(Duration.ofSeconds(31), shard, probe);
    manualTime.timePasses(Duration.ofSeconds(2));
    assertEquals(new ClusterSharding.Passivate<>(entity), shard.receiveMessage());
    probe.expectNoMessage(Duration.ZERO);
  }

  // ---- session timers (RFC 4028) ----

  @Test
  void aSessionThatIsNotRefreshedExpiresWithAByeToEachSide() {
    start(settings(HOUR, Duration.ZERO));
    establish("Session-Expires: 120\nSupported: timer\n", "Session-Expires", "120;refresher=uac");
    event(Confirmed.class);
    // the dialog's one timer first stores it (persist-after, 5 s), then is set for the expiry
    // (before the store hears of it): time moves on in steps, not in one jump past both
    manualTime.expectNoMessageFor(Duration.ofSeconds(5), shard, probe);
    stored.receiveMessage();
    manualTime.expectNoMessageFor(Duration.ofSeconds(114), shard, probe);
    manualTime.timePasses(Duration.ofSeconds(1));
    Sent[] byes = byes();
    assertByes(byes, 7, 0);
    assertEquals(HangUp.SESSION_EXPIRED, event(Ended.class).call().endedBy());
    byesAnsweredThenPassivated(byes);
  }

  @Test
  void aReInviteAnswered2xxBeforeTheExpiryPostponesIt() {
    start(settings(HOUR, Duration.ZERO));
    String ours = establish("Session-Expires: 120\nSupported: timer\n", "Session-Expires", "120;refresher=uac");
    event(Confirmed.class);
    manualTime.timePasses(Duration.ofSeconds(100));

    entity.tell(fixture.fromCaller(inDialog("INVITE", 8, ours, "Session-Expires: 120;refresher=uac\n")));
    List<Sent> sent = wire.next(2);
    find(sent, CALLER, "SIP/2.0 100 ");
    Sent reInvite = find(sent, NEXT_HOP, "INVITE " + BOB_CONTACT);
    fromCallee(reInvite, answer200(reInvite, "Session-Expires", "120;refresher=uac"));
    assertStart("SIP/2.0 200 OK", probe.receiveMessage());

    // the first interval would have ended at 120 s; the refresh at 100 s moves it to 220 s
    manualTime.expectNoMessageFor(Duration.ofSeconds(119), probe);
    manualTime.timePasses(Duration.ofSeconds(1));
    Sent[] byes = byes();
    assertByes(byes, 8, 0);
    assertEquals(HangUp.SESSION_EXPIRED, event(Ended.class).call().endedBy());
  }

  @Test
  void anInviteAskingForLessThanTheMinimumSessionIntervalGets422WithMinSe() {
    start(new DialogSettings(true, HOUR, Duration.ZERO, 120, 0, 0));
    CallEntity.RequestReceived r = fixture.fromCaller(invite(CallMessages.CALL_ID, "Session-Expires: 100\n"));
    entity.tell(r);
    List<Sent> sent = wire.next(2);
    find(sent, CALLER, "SIP/2.0 100 ");
    Sent refused = find(sent, CALLER, "SIP/2.0 422 ");
    assertStart("SIP/2.0 422 Session Interval Too Small", refused); // RFC 4028 §8.1
    assertEquals("120", header(refused, "Min-SE"));
    probe.expectNoMessage(Duration.ofMillis(100)); // nothing went on toward the callee
  }

  // ---- in-dialog requests ----

  @Test
  void anInDialogRequestWithALowerCseqThanItsSidesLastGets500() {
    start(settings(HOUR, Duration.ZERO));
    String ours = establish("");
    entity.tell(fixture.fromCaller(inDialog("INFO", 5, ours, "")));
    Sent refused = probe.receiveMessage();
    assertEquals(CALLER, refused.to().getPort());
    assertStart("SIP/2.0 500 CSeq Out Of Order", refused); // RFC 3261 §12.2.2
    assertEquals("5 INFO", header(refused, "CSeq"));

    entity.tell(fixture.fromCaller(inDialog("INFO", 8, ours, "")));
    Sent forwarded = probe.receiveMessage();
    assertStart("INFO " + BOB_CONTACT + " SIP/2.0", forwarded);
    assertEquals(NEXT_HOP, forwarded.to().getPort());
  }

  // ---- pings ----

  private Sent[] pings() {
    List<Sent> sent = wire.next(2);
    Sent toCaller = find(sent, CALLER, "OPTIONS ");
    Sent toCallee = find(sent, NEXT_HOP, "OPTIONS ");
    assertStart("OPTIONS " + ALICE_CONTACT + " SIP/2.0", toCaller);
    assertEquals(CALLER_PROXY, header(toCaller, "Route"));
    assertEquals("<" + CAROL + ">;tag=b1", header(toCaller, "From"));
    assertEquals("0 OPTIONS", header(toCaller, "CSeq"), "the callee has sent no request: its CSeq is 0");
    assertStart("OPTIONS " + BOB_CONTACT + " SIP/2.0", toCallee);
    assertEquals(CALLEE_PROXY, header(toCallee, "Route"));
    assertEquals("<sip:alice@example.com>;tag=a1", header(toCallee, "From"));
    assertEquals("7 OPTIONS", header(toCallee, "CSeq"), "the caller's last CSeq, not a new one");
    return new Sent[] {toCaller, toCallee};
  }

  /** What is sent until the wire has been quiet for a while. */
  private List<Sent> drain() {
    List<Sent> sent = new ArrayList<>();
    while (true) {
      try {
        sent.add(probe.receiveMessage(Duration.ofMillis(100)));
      } catch (AssertionError quiet) {
        return sent;
      }
    }
  }

  private void answer(Sent request, int status, String reason) {
    entity.tell(fixture.response(Uas.answer(request, status, reason, null), request.to()));
  }

  @Test
  void pingsAnswered200KeepTheCallAndA481EndsItWithAByeToEachSide() {
    start(settings(HOUR, Duration.ofSeconds(30)));
    establish("");
    event(Confirmed.class);
    manualTime.expectNoMessageFor(Duration.ofMillis(29_900), probe);
    manualTime.timePasses(Duration.ofMillis(100));
    Sent[] first = pings();
    answer(first[0], 200, "OK");
    answer(first[1], 200, "OK");

    manualTime.expectNoMessageFor(Duration.ofMillis(29_900), probe);
    events.expectNoMessage(Duration.ZERO);
    manualTime.timePasses(Duration.ofMillis(100));
    Sent[] second = pings();
    assertNotEquals(Wire.topBranch(first[1]), Wire.topBranch(second[1]), "each ping a new transaction");
    answer(second[0], 200, "OK");
    answer(second[1], 481, "Call/Transaction Does Not Exist"); // RFC 3261 §12.2.1.2
    Sent[] byes = byes();
    assertByes(byes, 7, 0);
    assertEquals(HangUp.PING_TIMEOUT, event(Ended.class).call().endedBy());
  }

  /**
   * A ping answered stays in its transaction for T4 over UDP (Timer K, RFC 3261 §17.1.2.2), as
   * long as the shortest ping interval: the next ping still goes at the interval.
   */
  @Test
  void pingsGoAtEveryIntervalEvenAsShortAsTimerK() {
    start(settings(HOUR, DialogSettings.MIN_PING_INTERVAL));
    establish("");
    event(Confirmed.class);
    for (int round = 0; round < 3; round++) {
      manualTime.expectNoMessageFor(Duration.ofMillis(4_900), probe);
      manualTime.timePasses(Duration.ofMillis(100));
      Sent[] ping = pings();
      answer(ping[0], 200, "OK");
      answer(ping[1], 200, "OK");
    }
    events.expectNoMessage(Duration.ZERO);
    // the answered pings' transactions have ended since: the live dialog keeps the entity
    shard.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aPingThatNobodyAnswersEndsTheCallAtTimerF() {
    start(settings(HOUR, Duration.ofSeconds(60)));
    establish("");
    event(Confirmed.class);
    manualTime.timePasses(Duration.ofSeconds(60));
    Sent[] ping = pings();
    answer(ping[0], 200, "OK"); // the caller is there; the callee says nothing
    // the callee's ping is sent again (Timer E) until Timer F, 64*T1 = 32 s after it was sent
    List<Sent> meanwhile = new ArrayList<>();
    for (int i = 0; i < 63; i++) {
      manualTime.timePasses(Duration.ofMillis(500));
      meanwhile.addAll(drain());
    }
    assertTrue(meanwhile.size() >= 5, "Timer E: " + meanwhile);
    for (Sent s : meanwhile) {
      assertEquals(Wire.topBranch(ping[1]), Wire.topBranch(s), "only the ping again: " + s.text());
    }
    events.expectNoMessage(Duration.ZERO);
    manualTime.timePasses(Duration.ofMillis(500));
    Sent[] byes = byes();
    assertByes(byes, 7, 0);
    assertEquals(HangUp.PING_TIMEOUT, event(Ended.class).call().endedBy());
  }

  // ---- limits ----

  @Test
  void aSubscribersSecondCallIsRefusedAndItsPlaceIsGivenBackWhenTheFirstEnds() {
    start(new DialogSettings(true, HOUR, Duration.ZERO, 90, 1, 0));
    Sent branch = sendInvite(entity, CallMessages.CALL_ID, "", Caller.SUBSCRIBER);
    assertEquals(1, counts.subscriberCalls("alice@example.com"));

    ActorRef<CallEntity.Command> second = spawn();
    CallEntity.RequestReceived r = fixture.fromCaller(invite("call-2@127.0.0.1", ""));
    second.tell(new CallEntity.RequestReceived(r.inbound(), r.admitted().authorized(-1, Caller.SUBSCRIBER),
        r.receivedNanos()));
    List<Sent> sent = wire.next(2);
    find(sent, CALLER, "SIP/2.0 100 ");
    assertStart("SIP/2.0 403 Caller Call Limit Reached", find(sent, CALLER, "SIP/2.0 403 "));
    assertEquals(1, counts.subscriberCalls("alice@example.com"));

    // the first call is answered and hung up by the caller: its place is free again
    String ours = header(branch, "Record-Route");
    fromCallee(branch, answer200(branch));
    assertStart("SIP/2.0 200 OK", probe.receiveMessage());
    event(Confirmed.class);
    entity.tell(fixture.fromCaller(inDialog("BYE", 8, ours, "")));
    assertStart("BYE " + BOB_CONTACT + " SIP/2.0", probe.receiveMessage());
    // the refused second call ended too (another entity: its event may come first or later)
    assertEquals(HangUp.CALLER, endedOf(CallMessages.CALL_ID).endedBy());
    assertEquals(0, counts.subscriberCalls("alice@example.com"));

    ActorRef<CallEntity.Command> third = spawn();
    sendInvite(third, "call-3@127.0.0.1", "", Caller.SUBSCRIBER);
    assertEquals(1, counts.subscriberCalls("alice@example.com"));
  }

  /** The callee's side of the limit: a subscriber of ours in as many calls as allowed is busy. */
  @Test
  void aCallToASubscriberInAsManyCallsAsAllowedGets486() {
    start(new DialogSettings(true, HOUR, Duration.ZERO, 90, 1, 0));
    List<String> held = new ArrayList<>();
    assertEquals(null, counts.take(null, "bob@example.com", held), "bob is in a call already");
    entity.tell(fixture.fromCaller(invite(CallMessages.CALL_ID, "").replace(CAROL, "sip:bob@example.com")));
    List<Sent> sent = wire.next(2);
    find(sent, CALLER, "SIP/2.0 100 ");
    assertStart("SIP/2.0 486 Callee Call Limit Reached", find(sent, CALLER, "SIP/2.0 486 "));
    CallEnded ended = event(Ended.class).call();
    assertEquals(486, ended.status());
    assertEquals(HangUp.PROXY, ended.endedBy());
    assertEquals(1, counts.subscriberCalls("bob@example.com"), "the refused call took no place");
    counts.release(held);
    assertEquals(0, counts.subscriberCalls("bob@example.com"));
  }

  // ---- a dialog taken over from the store ----

  @Test
  void aResumedDialogWhoseDeadlineHasPassedEndsAtOnceWithAByeToEachSide() {
    start(settings(HOUR, Duration.ZERO));
    long now = System.currentTimeMillis();
    DialogInfo stored = new DialogInfo(CallMessages.CALL_ID, DialogState.CONFIRMED, storedCaller(), storedCallee(), CAROL,
        "sip:127.0.0.1:" + NEXT_HOP, now - 7_300_000, now - 7_200_000, now - 1_000, "node-0");
    entity.tell(new CallEntity.Resume(stored));
    Sent[] byes = byes();
    assertByes(byes, 7, 0);
    CallEnded ended = event(Ended.class).call();
    assertEquals(HangUp.MAX_DURATION, ended.endedBy());
    assertEquals("node-1", ended.dialog().node());
    byesAnsweredThenPassivated(byes);
  }

  /**
   * RFC 4028 §10: the session's expiry is stored with the dialog, so the node that takes the
   * dialog over ends it when the session expires, not only at its max duration.
   */
  @Test
  void aResumedDialogWhoseSessionHasExpiredEndsAtOnceForIt() {
    start(settings(HOUR, Duration.ZERO));
    long now = System.currentTimeMillis();
    DialogInfo stored = new DialogInfo(CallMessages.CALL_ID, DialogState.CONFIRMED, storedCaller(), storedCallee(), CAROL,
        "sip:127.0.0.1:" + NEXT_HOP, now - 200_000, now - 190_000, now + 3_000_000, "node-0", null, 90_000,
        now - 1_000);
    entity.tell(new CallEntity.Resume(stored));
    Sent[] byes = byes();
    assertByes(byes, 7, 0);
    CallEnded ended = event(Ended.class).call();
    assertEquals(HangUp.SESSION_EXPIRED, ended.endedBy());
    byesAnsweredThenPassivated(byes);
  }

  /** The caller's leg of a stored dialog: CSeq 7, reached through the caller's proxy. */
  private static DialogLeg storedCaller() {
    return new DialogLeg("sip:alice@example.com", "a1", ALICE_CONTACT, List.of(CALLER_PROXY), 7,
        "udp:127.0.0.1:" + CALLER);
  }

  /** The callee's leg of a stored dialog: no request yet, reached through the callee's proxy. */
  private static DialogLeg storedCallee() {
    return new DialogLeg(CAROL, "b1", BOB_CONTACT, List.of(CALLEE_PROXY), 0, "udp:127.0.0.1:" + NEXT_HOP);
  }
}
