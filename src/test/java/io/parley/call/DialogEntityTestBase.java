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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the tests of a call entity's dialog share: an entity whose transport records what it
 * sends, its dialog events and store heard through probes, ManualTime, and the call's messages.
 *
 * <p>The caller's side: the INVITE arrives from a proxy at 127.0.0.1:5062 that Record-Routes, for
 * alice whose contact is 127.0.0.1:5064. The callee's side: a static route sends {@code
 * sip:carol@example.net} to a proxy at 127.0.0.1:5070 that Record-Routes too; bob answers from
 * 127.0.0.1:5072.
 */
abstract class DialogEntityTestBase {
  static ActorTestKit testKit;
  static ManualTime manualTime;
  static final String CAROL = "sip:carol@example.net";
  static final int CALLER = CallFixture.CALLER.getPort();
  static final int NEXT_HOP = 5070;
  static final String CALLER_PROXY = "<sip:127.0.0.1:5062;lr>";
  static final String CALLEE_PROXY = "<sip:127.0.0.1:5070;lr>";
  static final String ALICE_CONTACT = "sip:alice@127.0.0.1:5064";
  static final String BOB_CONTACT = "sip:bob@127.0.0.1:5072";
  static final Duration HOUR = Duration.ofHours(1);

  /** What the entity reported. */
  record Confirmed(DialogInfo dialog) {}

  record Ended(CallEnded call) {}

  final TestProbe<Sent> probe = testKit.createTestProbe();
  final Wire wire = new Wire(probe);
  final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
  final TestProbe<Object> events = testKit.createTestProbe();
  /** What the dialog store hears. */
  final TestProbe<Object> stored = testKit.createTestProbe();
  final List<CallFixture> fixtures = new ArrayList<>();
  final List<ActorRef<CallEntity.Command>> entities = new ArrayList<>();
  CallFixture fixture;
  CallCounts counts;
  ActorRef<CallEntity.Command> entity;
  /** The Call-ID {@link #start} gives its entity; null: an entity that never parks its dialog. */
  String entityId;

  @AfterEach
  void close() {
    entities.forEach(testKit::stop);
    fixtures.forEach(CallFixture::close);
  }

  @BeforeAll
  static void startKit() {
    testKit = ActorTestKit.create(ManualTime.config());
    manualTime = ManualTime.get(testKit.system());
  }

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  // ---- set-up ----

  void start(DialogSettings settings) {
    start(settings, new DialogEvents() {
      @Override
      public void confirmed(DialogInfo dialog) {
        stored.ref().tell(new Confirmed(dialog));
      }

      @Override
      public void ended(CallEnded call) {
        stored.ref().tell(new Ended(call));
      }
    });
  }

  void start(DialogSettings settings, DialogEvents store) {
    counts = new CallCounts(settings.maxCallsPerSubscriber(), settings.maxCallsPerDomain());
    DialogEvents recording = new DialogEvents() {
      @Override
      public void confirmed(DialogInfo dialog) {
        events.ref().tell(new Confirmed(dialog));
      }

      @Override
      public void ended(CallEnded call) {
        events.ref().tell(new Ended(call));
      }
    };
    fixture = new CallFixture(probe.ref(), Map.of(CAROL, List.of("sip:127.0.0.1:" + NEXT_HOP)),
        new DialogServices(settings, recording, "node-1", counts, MaxDurations.NONE, store));
    fixtures.add(fixture);
    entity = spawn();
  }

  ActorRef<CallEntity.Command> spawn() {
    return spawn(entityId);
  }

  /** An entity of Call-ID {@code callId}, as sharding starts it; null: one that never parks its dialog. */
  ActorRef<CallEntity.Command> spawn(String callId) {
    ActorRef<CallEntity.Command> e = testKit.spawn(CallEntity.create(fixture.services, shard.ref(), callId));
    entities.add(e);
    return e;
  }

  static DialogSettings settings(Duration maxDuration, Duration pingInterval) {
    return new DialogSettings(true, maxDuration, pingInterval, 90, 0, 0);
  }

  // ---- the caller's messages ----

  static String invite(String callId, String extra) {
    return "INVITE " + CAROL + " SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKp-" + Integer.toHexString(callId.hashCode()) + "\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5064;branch=z9hG4bKa-" + Integer.toHexString(callId.hashCode()) + "\n"
        + "Max-Forwards: 69\n"
        + "Record-Route: " + CALLER_PROXY + "\n"
        + "From: <sip:alice@example.com>;tag=a1\n"
        + "To: <" + CAROL + ">\n"
        + "Call-ID: " + callId + "\n"
        + "CSeq: 7 INVITE\n"
        + "Contact: <" + ALICE_CONTACT + ">\n"
        + extra
        + "Content-Length: 0\n\n";
  }

  /** A request of the caller inside the dialog, along the route set it learned from the 2xx. */
  static String inDialog(String method, long cseq, String ourRoute, String extra) {
    return method + " " + BOB_CONTACT + " SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKp-" + method + cseq + "\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5064;branch=z9hG4bKa-" + method + cseq + "\n"
        + "Max-Forwards: 69\n"
        + "Route: " + ourRoute + "\n"
        + "Route: " + CALLEE_PROXY + "\n"
        + "From: <sip:alice@example.com>;tag=a1\n"
        + "To: <" + CAROL + ">;tag=b1\n"
        + "Call-ID: " + CallMessages.CALL_ID + "\n"
        + "CSeq: " + cseq + " " + method + "\n"
        + "Contact: <" + ALICE_CONTACT + ">\n"
        + extra
        + "Content-Length: 0\n\n";
  }

  /** The INVITE sent on; returns its copy to the callee's side, after the 100 upstream. */
  Sent sendInvite(ActorRef<CallEntity.Command> to, String callId, String extra, Caller caller) {
    CallEntity.RequestReceived r = fixture.fromCaller(invite(callId, extra));
    to.tell(new CallEntity.RequestReceived(r.inbound(), r.admitted().authorized(-1, caller), r.receivedNanos()));
    List<Sent> sent = wire.next(2);
    find(sent, CALLER, "SIP/2.0 100 ");
    return find(sent, NEXT_HOP, "INVITE ");
  }

  /**
   * The callee's 2xx to {@code request}: the Record-Route values of the request (the callee's
   * proxy on top), bob's Contact, and {@code extra} fields.
   */
  static byte[] answer200(Sent request, String... extra) {
    SipRequest r = (SipRequest) SipParser.parse(request.bytes());
    ResponseFactory.Response ok = ResponseFactory.response(r, 200, "OK");
    if (r.routing().to().tag() == null) {
      ok.toTag("b1");
    }
    ok.header("Record-Route", CALLEE_PROXY);
    for (String line : request.text().split("\r\n")) {
      if (line.startsWith("Record-Route:")) {
        ok.header("Record-Route", line.substring(13).trim());
      }
    }
    ok.header("Contact", "<" + BOB_CONTACT + ">");
    for (int i = 0; i < extra.length; i += 2) {
      ok.header(extra[i], extra[i + 1]);
    }
    return ok.build();
  }

  void fromCallee(Sent request, byte[] response) {
    entity.tell(fixture.response(response, request.to()));
  }

  /** The call answered: the 2xx went upstream; returns our Record-Route value. */
  String establish(String inviteExtra, String... answerExtra) {
    Sent branch = sendInvite(entity, CallMessages.CALL_ID, inviteExtra, Caller.TRUSTED);
    String ours = header(branch, "Record-Route");
    assertTrue(ours.startsWith("<sip:127.0.0.1:5060;"), branch.text());
    fromCallee(branch, answer200(branch, answerExtra));
    Sent ok = probe.receiveMessage();
    assertStart("SIP/2.0 200 OK", ok);
    assertEquals(CALLER, ok.to().getPort());
    return ours;
  }

  <T> T event(Class<T> type) {
    while (true) {
      Object m = events.receiveMessage();
      if (type.isInstance(m)) {
        return type.cast(m);
      }
    }
  }

  /** The end of call {@code callId}, skipping whatever else is reported meanwhile. */
  CallEnded endedOf(String callId) {
    while (true) {
      CallEnded call = event(Ended.class).call();
      if (call.dialog().callId().equals(callId)) {
        return call;
      }
    }
  }

  /** The next BYE of the proxy's to each side, skipping whatever else is sent meanwhile. */
  Sent[] byes() {
    Sent toCaller = null;
    Sent toCallee = null;
    while (toCaller == null || toCallee == null) {
      Sent s = probe.receiveMessage();
      if (!s.startLine().startsWith("BYE ")) {
        continue;
      }
      if (s.to().getPort() == CALLER) {
        assertEquals(null, toCaller, "a second BYE to the caller: " + s.text());
        toCaller = s;
      } else {
        assertEquals(NEXT_HOP, s.to().getPort(), s.text());
        assertEquals(null, toCallee, "a second BYE to the callee: " + s.text());
        toCallee = s;
      }
    }
    return new Sent[] {toCaller, toCallee};
  }

  /**
   * RFC 3261 §12.2.1.1: each BYE as the other side would send it: its remote target, the route
   * set toward it, the tags as the sender sees them, the sender's CSeq plus one, our Via.
   */
  static void assertByes(Sent[] byes, long callerCseq, long calleeCseq) {
    Sent toCaller = byes[0];
    assertStart("BYE " + ALICE_CONTACT + " SIP/2.0", toCaller);
    assertEquals(CALLER_PROXY, header(toCaller, "Route"), toCaller.text());
    assertEquals("<" + CAROL + ">;tag=b1", header(toCaller, "From"));
    assertEquals("<sip:alice@example.com>;tag=a1", header(toCaller, "To"));
    assertEquals((calleeCseq + 1) + " BYE", header(toCaller, "CSeq"));
    assertEquals(CallMessages.CALL_ID, header(toCaller, "Call-ID"));
    assertTrue(header(toCaller, "Via").startsWith("SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK"), toCaller.text());

    Sent toCallee = byes[1];
    assertStart("BYE " + BOB_CONTACT + " SIP/2.0", toCallee);
    assertEquals(CALLEE_PROXY, header(toCallee, "Route"), toCallee.text());
    assertEquals("<sip:alice@example.com>;tag=a1", header(toCallee, "From"));
    assertEquals("<" + CAROL + ">;tag=b1", header(toCallee, "To"));
    assertEquals((callerCseq + 1) + " BYE", header(toCallee, "CSeq"));
    assertEquals(CallMessages.CALL_ID, header(toCallee, "Call-ID"));
    assertTrue(header(toCallee, "Via").startsWith("SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK"), toCallee.text());
    assertNotEquals(Wire.topBranch(toCaller), Wire.topBranch(toCallee));
    for (Sent bye : byes) {
      assertEquals(1, bye.text().split("\r\nRoute:", -1).length - 1, "one Route value: " + bye.text());
    }
  }

  /** Both sides answer their BYE 200; the entity passivates once those transactions end (Timer K). */
  void byesAnsweredThenPassivated(Sent[] byes) {
    shard.expectNoMessage(Duration.ZERO);
    for (Sent bye : byes) {
      entity.tell(fixture.response(Uas.answer(bye, 200, "OK", null), bye.to()));
    }
    // RFC 3261 §17.1.2.2: a non-INVITE client transaction over UDP lingers T4 for retransmissions
    manualTime.expectNoMessageFor(Duration.ofMillis(4_900), shard);
    manualTime.timePasses(Duration.ofMillis(200));
    assertEquals(new ClusterSharding.Passivate<>(entity), shard.receiveMessage());
    probe.expectNoMessage(Duration.ZERO);
  }

}
