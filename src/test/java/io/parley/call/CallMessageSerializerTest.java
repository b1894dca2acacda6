package io.parley.call;

import io.parley.cluster.WireRoundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.cluster.CrossingMessages;
import io.parley.config.ConfigLoader;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogLeg;
import io.parley.dialog.DialogState;
import io.parley.message.SipMessage;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.message.header.NameAddr;
import io.parley.message.uri.Uri;
import io.parley.proxy.Caller;
import io.parley.proxy.PreprocessedRequest;
import io.parley.transaction.Destination;
import io.parley.transaction.Inbound;
import io.parley.transport.Flow;
import io.parley.transport.FlowId;
import io.parley.transport.Transport;
import java.io.NotSerializableException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every message of a call entity that can cross nodes, through a real actor system's
 * serialization as it is configured for a node (parley-runtime.conf): both the byte-array form and
 * the remoting's in-place buffer form. After the trip each is equal to what was sent, the SIP
 * message octet for octet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallMessageSerializerTest {
  private static final InetSocketAddress PROXY = new InetSocketAddress("127.0.0.1", 5060);
  private static final InetSocketAddress CALLER = new InetSocketAddress("127.0.0.1", 5062);
  private static final InetSocketAddress CALLER6 = new InetSocketAddress("::1", 5064);
  private static final Flow UDP = new Flow(new FlowId("127.0.0.1:25520", Transport.UDP, 0x0001_7F00_0001_13BEL),
      Transport.UDP, PROXY, CALLER);
  private static final Flow TCP = new Flow(new FlowId("127.0.0.1:25521", Transport.TCP, 42), Transport.TCP,
      new InetSocketAddress("::1", 5060), CALLER6);
  private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
      + "t=0 0\r\nm=audio 6000 RTP/AVP 0\r\n";

  private ActorTestKit testKit;
  private Serialization serialization;
  private final Set<Class<?>> tried = new HashSet<>();

  @BeforeAll
  void start() {
    testKit = ActorTestKit.create("serializer", ConfigLoader.layered(ConfigFactory.parseString("""
        parley.cluster.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        """)));
    serialization = SerializationExtension.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aNewRequestTravelsAsItsOctetsWithWhatTheEdgeDecided() {
    SipRequest invite = request(inviteText(SDP));
    Uri replaced = Uri.parse("sip:bob@127.0.0.1:5070;transport=udp");
    List<NameAddr> routes = NameAddr.parseList("<sip:127.0.0.1:5080;lr>, \"Edge\" <sip:127.0.0.1:5090;lr;ftag=x>");
    PreprocessedRequest admitted = new PreprocessedRequest(invite, replaced, true, routes, true, "home01", 2,
        Caller.SUBSCRIBER);
    long received = System.nanoTime() - 5_000_000;
    long before = System.nanoTime();
    List<CallEntity.RequestReceived> trips = roundTrips(new CallEntity.RequestReceived(new Inbound(invite, UDP),
        admitted, received));
    long after = System.nanoTime();
    for (CallEntity.RequestReceived back : trips) {
      assertSameOctets(invite, back.inbound().message());
      assertEquals(UDP, back.inbound().flow());
      PreprocessedRequest a = back.admitted();
      assertSame(back.inbound().message(), a.request(), "the request travels once");
      assertEquals(replaced, a.requestUri());
      assertEquals(replaced.toString(), a.requestUri().toString());
      assertTrue(a.requestUriReplaced());
      assertEquals(routes, a.routes());
      assertTrue(a.routesChanged());
      assertTrue(a.recordRouted());
      assertEquals("home01", a.home());
      assertEquals(2, a.consumedCredentials());
      assertEquals(Caller.SUBSCRIBER, a.caller());
      // the age travels: never younger than it was, never older than the trip
      assertTrue(back.receivedNanos() >= received && back.receivedNanos() - received <= after - before,
          "received " + received + ", rebuilt " + back.receivedNanos() + ", trip " + (after - before));
      // re-parsed on arrival, lazily: the body and headers read as at the edge
      assertEquals(SDP, new String(back.inbound().message().body(), StandardCharsets.UTF_8));
      assertEquals("<sip:alice@example.com>;tag=a1", back.inbound().message().value(io.parley.message.HeaderName.FROM));
    }
  }

  /** The way sharding takes it to another node: inside its envelope, through its serializer. */
  @Test
  void insideShardingsEnvelope() {
    SipRequest invite = request(inviteText(SDP));
    PreprocessedRequest admitted = new PreprocessedRequest(invite, invite.uri(), false, List.of(), false, null);
    long received = System.nanoTime() - 2_000_000;
    var envelope = new org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<CallEntity.Command>(
        "call-1@127.0.0.1", new CallEntity.RequestReceived(new Inbound(invite, UDP), admitted, received));
    long before = System.nanoTime();
    byte[] bytes = serialization.serialize(envelope).get();
    Serializer outer = serialization.findSerializerFor(envelope);
    @SuppressWarnings("unchecked")
    var back = (org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<CallEntity.Command>) serialization
        .deserialize(bytes, outer.identifier(), Serializers.manifestFor(outer, envelope)).get();
    long after = System.nanoTime();
    assertEquals("call-1@127.0.0.1", back.entityId());
    CallEntity.RequestReceived r = (CallEntity.RequestReceived) back.message();
    assertSameOctets(invite, r.inbound().message());
    assertSame(r.inbound().message(), r.admitted().request());
    assertTrue(r.receivedNanos() >= received && r.receivedNanos() - received <= after - before,
        "received " + received + ", rebuilt " + r.receivedNanos() + ", trip " + (after - before));
  }

  @Test
  void aStrangersRequestAsReceivedAndAnAckWithoutDecisions() {
    SipRequest invite = request(inviteText(""));
    PreprocessedRequest asReceived = new PreprocessedRequest(invite, invite.uri(), false, List.of(), false, null);
    for (CallEntity.RequestReceived back : roundTrips(new CallEntity.RequestReceived(new Inbound(invite, TCP),
        asReceived, System.nanoTime()))) {
      assertSameOctets(invite, back.inbound().message());
      assertEquals(TCP, back.inbound().flow());
      assertEquals(invite.uri(), back.admitted().requestUri());
      assertEquals(List.of(), back.admitted().routes());
      assertEquals(-1, back.admitted().consumedCredentials());
      assertEquals(Caller.STRANGER, back.admitted().caller());
    }
    SipRequest ack = request(inviteText("").replace("INVITE", "ACK"));
    for (CallEntity.RequestReceived back : roundTrips(new CallEntity.RequestReceived(new Inbound(ack, UDP), null,
        System.nanoTime()))) {
      assertSameOctets(ack, back.inbound().message());
      assertNull(back.admitted());
    }
  }

  /** Leading CRLFs (RFC 3261 §7.5) and octets after the body (§18.3) were never part of the message. */
  @Test
  void onlyTheMessageTravelsNotWhatSurroundedItInTheDatagram() {
    byte[] datagram = ("\r\n\r\n" + inviteText(SDP) + "garbage").getBytes(StandardCharsets.UTF_8);
    SipRequest invite = (SipRequest) SipParser.parse(datagram);
    List<CallEntity.RequestReceived> trips = roundTrips(new CallEntity.RequestReceived(new Inbound(invite, UDP), null,
        System.nanoTime()));
    for (CallEntity.RequestReceived back : trips) {
      assertSameOctets(invite, back.inbound().message());
    }
    // out of the remoting's reused buffer: copied once, into an array of exactly the message
    SipMessage copied = trips.get(1).inbound().message();
    assertEquals(0, copied.messageStart());
    assertEquals(copied.buffer().length, copied.messageEnd());
  }

  /** A request the edge replaced (never today) travels apart from the one it arrived in. */
  @Test
  void anAdmittedRequestOtherThanTheInboundOneTravelsToo() {
    SipRequest invite = request(inviteText(""));
    SipRequest other = request(inviteText(SDP));
    PreprocessedRequest admitted = new PreprocessedRequest(other, other.uri(), false, List.of(), false, null);
    for (CallEntity.RequestReceived back : roundTrips(new CallEntity.RequestReceived(new Inbound(invite, UDP),
        admitted, System.nanoTime()))) {
      assertNotSame(back.inbound().message(), back.admitted().request());
      assertSameOctets(other, back.admitted().request());
    }
  }

  @Test
  void aResponseTravelsAsItsOctets() {
    SipMessage ok = SipParser.parse(("SIP/2.0 200 OK\r\n"
        + "Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKproxy1\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKcaller1;rport=5062;received=127.0.0.1\r\n"
        + "From: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>;tag=b1\r\n"
        + "Call-ID: call-1@127.0.0.1\r\nCSeq: 7 INVITE\r\nContact: <sip:bob@127.0.0.1:5070>\r\n"
        + "Content-Type: application/sdp\r\nContent-Length: " + SDP.length() + "\r\n\r\n" + SDP)
        .getBytes(StandardCharsets.UTF_8));
    for (CallEntity.ResponseReceived back : roundTrips(new CallEntity.ResponseReceived(new Inbound(ok, TCP)))) {
      assertSameOctets(ok, back.inbound().message());
      assertEquals(TCP, back.inbound().flow());
      assertEquals(200, ((io.parley.message.SipResponse) back.inbound().message()).statusCode());
    }
  }

  @Test
  void anOperatorsHangUpCarriesItsReplyTo() {
    TestProbe<CallEntity.EndDialogReply> probe = testKit.createTestProbe();
    CallEntity.EndDialog end = new CallEntity.EndDialog(probe.ref());
    for (CallEntity.EndDialog back : roundTrips(end)) {
      assertEquals(end, back);
      back.replyTo().tell(new CallEntity.EndDialogReply(null, null));
      assertEquals(new CallEntity.EndDialogReply(null, null), probe.receiveMessage());
    }
  }

  @Test
  void theHangUpsReplyWithTheDialogEndedOrFound() {
    DialogInfo ended = dialog(DialogState.TERMINATED, "b1");
    DialogInfo early = dialog(DialogState.EARLY, null);
    for (Object o : List.of(new CallEntity.EndDialogReply(ended, null), new CallEntity.EndDialogReply(null, early),
        new CallEntity.EndDialogReply(null, null))) {
      for (Object back : roundTrips(o)) {
        assertEquals(o, back);
      }
    }
  }

  @Test
  void aStoredDialogResumesOnAnotherNode() {
    CallEntity.Resume resume = new CallEntity.Resume(dialog(DialogState.CONFIRMED, "b1"));
    for (CallEntity.Resume back : roundTrips(resume)) {
      assertEquals(resume, back);
    }
  }

  /** The lead's Unpark carries a parked dialog to the node that holds the Call-ID's shard now. */
  @Test
  void aParkedCallTravelsWithItsWaysButNotItsWakeUp() {
    ParkedCall parked = new ParkedCall(dialog(DialogState.CONFIRMED, "b1"), 1_800_000, 1_700_000_123_456L, true,
        new String[] {"user:alice@example.com", "domain:example.com"}, Destination.through(TCP),
        new Destination(Transport.UDP, new InetSocketAddress("127.0.0.1", 5072)));
    parked.wake = org.apache.pekko.actor.Cancellable.alreadyCancelled();
    for (CallEntity.Unpark back : roundTrips(new CallEntity.Unpark(parked))) {
      ParkedCall p = back.call();
      assertEquals(parked.info, p.info);
      assertEquals(parked.sessionMillis, p.sessionMillis);
      assertEquals(parked.sessionExpiresAt, p.sessionExpiresAt);
      assertEquals(parked.kept, p.kept);
      assertArrayEquals(parked.counted, p.counted);
      assertEquals(parked.callerWay, p.callerWay);
      assertEquals(parked.calleeWay, p.calleeWay);
      assertNull(p.wake, "the wake-up belongs to the node that parked it");
    }
    ParkedCall bare = new ParkedCall(dialog(DialogState.CONFIRMED, "b1"), 0, 0, false, null, null, null);
    for (CallEntity.Unpark back : roundTrips(new CallEntity.Unpark(bare))) {
      assertNull(back.call().counted);
      assertNull(back.call().callerWay);
      assertNull(back.call().calleeWay);
      assertEquals(bare.info, back.call().info);
    }
  }

  @Test
  void theSingletonsStaySingletons() {
    for (Object o : List.of(CallEntity.DialogTimeout.INSTANCE, CallEntity.PingDue.INSTANCE,
        CallEntity.PersistDue.INSTANCE, CallEntity.Stop.INSTANCE)) {
      for (Object back : roundTrips(o)) {
        assertSame(o, back);
      }
    }
  }

  /** Each command that can cross nodes has its round trip above; a new one needs its own. */
  @Test
  void everyCrossingCommandIsTriedAbove() {
    aNewRequestTravelsAsItsOctetsWithWhatTheEdgeDecided();
    aResponseTravelsAsItsOctets();
    anOperatorsHangUpCarriesItsReplyTo();
    theHangUpsReplyWithTheDialogEndedOrFound();
    aStoredDialogResumesOnAnotherNode();
    aParkedCallTravelsWithItsWaysButNotItsWakeUp();
    theSingletonsStaySingletons();
    List<Class<?>> crossing = CrossingMessages.under(List.of(CallEntity.Command.class,
        CallEntity.EndDialogReply.class));
    assertEquals(10, crossing.size(), crossing.toString());
    assertEquals(new HashSet<>(crossing), tried);
  }

  @Test
  void whatTheEntitySendsItselfIsRefusedAndCorruptOctetsFailCleanly() {
    Serializer serializer = serialization.findSerializerFor(CallEntity.Stop.INSTANCE);
    assertInstanceOf(CallMessageSerializer.class, serializer);
    assertThrows(IllegalArgumentException.class,
        () -> serializer.toBinary(new CallEntity.TimerCFired("k", 1)));
    CallMessageSerializer calls = (CallMessageSerializer) serializer;
    SipRequest invite = request(inviteText(SDP));
    byte[] whole = calls.toBinary(new CallEntity.RequestReceived(new Inbound(invite, UDP), null, System.nanoTime()));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
    assertThrows(NotSerializableException.class, () -> calls.fromBinary(cut, CallMessageSerializer.REQUEST));
    assertThrows(NotSerializableException.class, () -> calls.fromBinary(whole, "nonsense"));
  }

  // ---- helpers ----

  /** The message after the byte-array trip and after the in-place buffer trip the remoting takes. */
  private <T> List<T> roundTrips(T message) {
    tried.add(message.getClass());
    // a request's age grows in between, so its octets differ
    return WireRoundTrip.of(serialization, message, CallMessageSerializer.class,
        !(message instanceof CallEntity.RequestReceived));
  }

  private static void assertSameOctets(SipMessage sent, SipMessage received) {
    assertArrayEquals(sent.toBytes(), received.toBytes());
    assertEquals(sent.getClass(), received.getClass());
    assertEquals(sent.headerCount(), received.headerCount());
  }

  private static SipRequest request(String text) {
    return (SipRequest) SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String inviteText(String body) {
    return "INVITE sip:bob@example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKcaller1;rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:alice@example.com>;tag=a1\r\n"
        + "To: <sip:bob@example.com>\r\n"
        + "Call-ID: call-1@127.0.0.1\r\n"
        + "CSeq: 7 INVITE\r\n"
        + "Subject: a folded\r\n  header, and é\r\n"
        + "Contact: <sip:alice@127.0.0.1:5062>\r\n"
        + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  private static DialogInfo dialog(DialogState state, String calleeTag) {
    DialogLeg caller = new DialogLeg("sip:alice@example.com", "a1", "<sip:alice@127.0.0.1:5062>",
        List.of("<sip:127.0.0.1:5080;lr>"), 7, "udp:127.0.0.1:5062");
    DialogLeg callee = new DialogLeg("sip:bob@example.com", calleeTag, calleeTag == null ? null
        : "<sip:bob@127.0.0.1:5070>", List.of(), 0, null);
    return new DialogInfo("call-1@127.0.0.1", state, caller, callee, "sip:bob@example.com",
        calleeTag == null ? null : "sip:bob@127.0.0.1:5070", 1_700_000_000_000L, calleeTag == null ? 0
            : 1_700_000_001_000L, 1_700_003_600_000L, "127.0.0.1:25520", calleeTag == null ? null : "k3x9q0",
        calleeTag == null ? 0 : 1_800_000, calleeTag == null ? 0 : 1_700_001_801_000L);
  }
}
