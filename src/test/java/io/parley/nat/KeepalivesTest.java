package io.parley.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.transport.Flow;
import io.parley.transport.FlowId;
import io.parley.transport.SipSender;
import io.parley.transport.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The keepalive pinger under ManualTime: what leaves when, through which flow, and what happens
 * to a binding whose pings go unanswered. The sockets are a recorder; the real UDP round trip is
 * in the node's tests.
 */
class KeepalivesTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config()
      .withFallback(com.typesafe.config.ConfigFactory.parseString(
          "pekko.actor.testkit.typed.single-expect-default = 15s")));
  private static final ManualTime time = ManualTime.get(testKit.system());
  /**
   * The pinger's monotonic clock as a punctual timer would see it: a tick later at each reading
   * (the actor reads it once at its start and once a tick). ManualTime does not show its time.
   */
  private static java.util.function.LongSupplier punctual() {
    java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
    return () -> read.getAndAdd(Keepalives.TICK.toMillis());
  }
  private static final String SELF = "127.0.0.1:25520";
  private static final String OTHER = "127.0.0.1:25521";
  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5060);
  private static final InetSocketAddress NAT = new InetSocketAddress("127.0.0.7", 40312);

  /** Records what is sent; knows the flows it is told are open. */
  static final class Sockets implements SipSender {
    final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    final Set<FlowId> closed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    record Sent(Flow flow, byte[] bytes) {
      String text() {
        return new String(bytes, StandardCharsets.UTF_8);
      }
    }

    @Override
    public boolean send(Flow flow, byte[] bytes) {
      sent.add(new Sent(flow, bytes));
      return true;
    }

    @Override
    public boolean send(Transport transport, InetSocketAddress destination, byte[] bytes) {
      throw new AssertionError("a ping is sent through a flow, never to an address");
    }

    @Override
    public Flow flow(FlowId id, InetSocketAddress remote) {
      return id.node().equals(SELF) && !closed.contains(id) ? new Flow(id, id.transport(), LOCAL, remote) : null;
    }

    List<Sent> drain() {
      List<Sent> out = new ArrayList<>();
      Sent s;
      while ((s = sent.poll()) != null) {
        out.add(s);
      }
      return out;
    }
  }

  /** The other nodes: what they were handed. */
  static final class Peers implements KeepalivePeers {
    final ConcurrentLinkedQueue<Object> told = new ConcurrentLinkedQueue<>();
    volatile boolean up = true;

    @Override
    public boolean tell(String node, Keepalives.Command message) {
      if (!up) {
        return false;
      }
      told.add(List.of(node, message));
      return true;
    }
  }

  record Failure(String aor, KeepaliveTarget target, int missed) {}

  /** What the pinger tells the AORs, recorded. */
  static KeepaliveFailures recorder(ActorRef<Failure> failures, java.util.Queue<String> moved) {
    return new KeepaliveFailures() {
      @Override
      public void unanswered(String aor, KeepaliveTarget target, int missed) {
        failures.tell(new Failure(aor, target, missed));
      }

      @Override
      public void moved(String aor) {
        moved.add(aor);
      }
    };
  }

  private final java.util.Queue<String> moved = new ConcurrentLinkedQueue<>();

  private Sockets sockets;
  private Peers peers;
  private TestProbe<Failure> failures;
  private KeepaliveStats stats;

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    sockets = new Sockets();
    peers = new Peers();
    failures = testKit.createTestProbe();
    stats = new KeepaliveStats();
  }

  private ActorRef<Keepalives.Command> pinger(KeepaliveSettings settings) {
    ActorRef<Failure> to = failures.getRef();
    return testKit.spawn(Keepalives.create(settings, SELF, () -> sockets, peers, recorder(to, moved), stats,
        punctual()));
  }

  private static KeepaliveTarget udp(String contact, long connectionId, long cseq) {
    return new KeepaliveTarget(contact, null, 0, new FlowId(SELF, Transport.UDP, connectionId), NAT, cseq);
  }

  /** Waits until the actor has taken everything sent to it so far, ticks included; its count. */
  private int sync(ActorRef<Keepalives.Command> pinger) {
    TestProbe<Integer> probe = testKit.createTestProbe();
    pinger.tell(new Keepalives.CountPinged(probe.getRef()));
    return probe.receiveMessage();
  }

  /** Lets {@code d} pass and returns what was sent meanwhile. */
  private List<Sockets.Sent> pass(ActorRef<Keepalives.Command> pinger, Duration d) {
    sync(pinger); // what it was told before time moves is taken first
    time.timePasses(d); // the timer's every tick in d, in order (and ~100 ms of real time)
    sync(pinger);
    return sockets.drain();
  }

  private static SipRequest parse(Sockets.Sent sent) {
    return (SipRequest) SipParser.parse(sent.bytes());
  }

  private static SipResponse answer(SipRequest options, int status) {
    String text = "SIP/2.0 " + status + " OK\r\n"
        + "Via: " + rawHeader(options, "Via") + ";received=127.0.0.1\r\n"
        + "From: " + rawHeader(options, "From") + "\r\n"
        + "To: " + rawHeader(options, "To") + ";tag=ua\r\n"
        + "Call-ID: " + options.callId() + "\r\n"
        + "CSeq: 1 OPTIONS\r\n"
        + "Content-Length: 0\r\n\r\n";
    return (SipResponse) SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String rawHeader(SipRequest request, String name) {
    String text = new String(request.toBytes(), StandardCharsets.UTF_8);
    for (String line : text.split("\r\n")) {
      if (line.startsWith(name + ": ")) {
        return line.substring(name.length() + 2);
      }
    }
    throw new AssertionError("no " + name + " in " + text);
  }

  @Test
  void aNatedUdpBindingGetsOneOptionsPerIntervalThroughItsFlow() {
    var pinger = pinger(new KeepaliveSettings(Duration.ofSeconds(30), 3));
    KeepaliveTarget target = udp("sip:alice@10.0.0.2:5060", 7, 1);
    pinger.tell(new Keepalives.Keep("alice@example.com", "3", List.of(target)));

    List<Sockets.Sent> first = pass(pinger, Duration.ofSeconds(30));
    assertEquals(1, first.size(), "one ping in the first interval");
    Sockets.Sent sent = first.get(0);
    assertEquals(target.flow(), sent.flow().id(), "through the flow its REGISTER came on");
    assertEquals(NAT, sent.flow().remote());
    SipRequest options = parse(sent);
    assertEquals("OPTIONS", options.method().name());
    assertEquals("sip:alice@10.0.0.2:5060", options.requestUri().toString());
    var via = options.routing().topVia();
    assertTrue(via.branch().startsWith(KeepaliveRequest.BRANCH_PREFIX), via.branch());
    assertEquals("127.0.0.1", via.host());
    assertEquals(5060, via.port());
    assertTrue(via.params().has("rport"), "RFC 3581: the answer comes back through the NAT");
    assertTrue(options.callId().endsWith("@" + SELF), options.callId());

    List<Sockets.Sent> second = pass(pinger, Duration.ofSeconds(30));
    assertEquals(1, second.size(), "and one in the next");
    SipRequest again = parse(second.get(0));
    assertTrue(!again.callId().equals(options.callId())
            && !again.routing().topVia().branch().equals(via.branch()),
        "a new transaction and Call-ID: a UA would absorb the same one as a retransmission");
    assertEquals(1, pass(pinger, Duration.ofSeconds(30)).size());
    assertEquals(3, stats.snapshot().sent());
  }

  @Test
  void anAnsweredBindingStaysAnUnansweredOneIsGivenUpAfterMaxMissed() {
    var pinger = pinger(new KeepaliveSettings(Duration.ofSeconds(10), 3));
    KeepaliveTarget target = udp("sip:bob@10.0.0.3", 8, 5);
    pinger.tell(new Keepalives.Keep("bob@example.com", "4", List.of(target)));
    KeepaliveAnswers answers = new KeepaliveAnswers(pinger, SELF, peers);

    for (int i = 0; i < 5; i++) {
      List<Sockets.Sent> sent = pass(pinger, Duration.ofSeconds(10));
      assertEquals(1, sent.size());
      // any answer counts: an OPTIONS a UA does not support gets 405 or 501, and still came back
      assertTrue(answers.deliver(answer(parse(sent.get(0)), i % 2 == 0 ? 200 : 501)));
    }
    sync(pinger);
    assertEquals(5, stats.snapshot().answered());
    failures.expectNoMessage(Duration.ofMillis(100));

    // silence: the next three pings go unanswered, and at the fourth it is given up
    assertEquals(1, pass(pinger, Duration.ofSeconds(10)).size());
    assertEquals(1, pass(pinger, Duration.ofSeconds(10)).size());
    assertEquals(1, pass(pinger, Duration.ofSeconds(10)).size());
    failures.expectNoMessage(Duration.ofMillis(100));
    assertEquals(0, pass(pinger, Duration.ofSeconds(10)).size(), "not pinged once given up");
    assertEquals(new Failure("bob@example.com", target, 3), failures.receiveMessage());
    assertEquals(0, sync(pinger));
    assertEquals(0, pass(pinger, Duration.ofSeconds(30)).size());
    var s = stats.snapshot();
    assertEquals(3, s.missed());
    assertEquals(1, s.removed());
    assertEquals(0, s.pinged());
  }

  @Test
  void maxMissedZeroNeverGivesUp() {
    var pinger = pinger(new KeepaliveSettings(Duration.ofSeconds(1), 0));
    pinger.tell(new Keepalives.Keep("carol@example.com", "1", List.of(udp("sip:carol@10.0.0.4", 9, 1))));
    assertEquals(20, pass(pinger, Duration.ofSeconds(20)).size());
    failures.expectNoMessage(Duration.ofMillis(100));
    assertEquals(1, sync(pinger));
  }

  @Test
  void aRefreshForgivesTheMissesAnotherFlowStartsAfresh() {
    var pinger = pinger(new KeepaliveSettings(Duration.ofSeconds(1), 2));
    KeepaliveTarget first = udp("sip:dave@10.0.0.5", 10, 1);
    pinger.tell(new Keepalives.Keep("dave@example.com", "2", List.of(first)));
    assertEquals(2, pass(pinger, Duration.ofSeconds(2)).size()); // one missed so far
    // the phone refreshed through the same flow: its pinhole is open
    pinger.tell(new Keepalives.Keep("dave@example.com", "2", List.of(udp("sip:dave@10.0.0.5", 10, 2))));
    assertEquals(2, pass(pinger, Duration.ofSeconds(2)).size());
    failures.expectNoMessage(Duration.ofMillis(100));
    // a REGISTER through another flow: pinged there from now on
    KeepaliveTarget moved = udp("sip:dave@10.0.0.5", 11, 3);
    pinger.tell(new Keepalives.Keep("dave@example.com", "2", List.of(moved)));
    List<Sockets.Sent> sent = pass(pinger, Duration.ofSeconds(1));
    assertEquals(1, sent.size());
    assertEquals(moved.flow(), sent.get(0).flow().id());
    assertEquals(1, sync(pinger));
  }

  @Test
  void theBindingsOfAnAorThatGoesAreNotPinged() {
    var pinger = pinger(new KeepaliveSettings(Duration.ofSeconds(1), 3));
    pinger.tell(new Keepalives.Keep("erin@example.com", "5", List.of(udp("sip:erin@10.0.0.6", 12, 1),
        udp("sip:erin@10.0.0.7", 13, 1))));
    assertEquals(2, pass(pinger, Duration.ofSeconds(1)).size());
    pinger.tell(new Keepalives.Keep("erin@example.com", "5", List.of()));
    assertEquals(0, pass(pinger, Duration.ofSeconds(3)).size());
    assertEquals(0, sync(pinger));
  }

  @Test
  void theBindingsOfAShardThatLeftAreDroppedTheOthersStay() {
    var pinger = pinger(new KeepaliveSettings(Duration.ofSeconds(1), 3));
    pinger.tell(new Keepalives.Hosted(Set.of("1", "2")));
    pinger.tell(new Keepalives.Keep("frank@example.com", "1", List.of(udp("sip:frank@10.0.0.8", 14, 1))));
    pinger.tell(new Keepalives.Keep("gina@example.com", "2", List.of(udp("sip:gina@10.0.0.9", 15, 1))));
    // a binding fed from a shard that came after the last look is kept: the next look will see it
    pinger.tell(new Keepalives.Keep("hal@example.com", "9", List.of(udp("sip:hal@10.0.0.10", 16, 1))));
    assertEquals(3, sync(pinger));
    pinger.tell(new Keepalives.Hosted(Set.of("2", "9")));
    assertEquals(2, sync(pinger), "shard 1 went to another node, which pings frank now");
    assertEquals(List.of("frank@example.com"), new ArrayList<>(moved), "woken there, so that it pings him at once");
    List<Sockets.Sent> sent = pass(pinger, Duration.ofSeconds(1));
    assertEquals(Set.of("sip:gina@10.0.0.9", "sip:hal@10.0.0.10"),
        Set.of(parse(sent.get(0)).requestUri().toString(), parse(sent.get(1)).requestUri().toString()));
  }

  @Test
  void pingsAreSpreadOverTheInterval() {
    var pinger = pinger(new KeepaliveSettings(Duration.ofSeconds(30), 3));
    int bindings = 3_000;
    for (int i = 0; i < bindings; i++) {
      pinger.tell(new Keepalives.Keep("user" + i + "@example.com", Integer.toString(i % 100),
          List.of(udp("sip:user" + i + "@10.1.0.1:" + (1024 + i), 100 + i, 1))));
    }
    assertEquals(bindings, sync(pinger));
    int most = 0;
    Map<String, Integer> perContact = new HashMap<>();
    for (int second = 0; second < 30; second++) {
      List<Sockets.Sent> sent = pass(pinger, Duration.ofSeconds(1));
      most = Math.max(most, sent.size());
      for (Sockets.Sent s : sent) {
        perContact.merge(parse(s).requestUri().toString(), 1, Integer::sum);
      }
    }
    assertEquals(bindings, perContact.size(), "every binding pinged in the interval");
    assertEquals(Set.of(1), new HashSet<>(perContact.values()), "each once");
    // 100 a second on average; a hash spreads them, it does not deal them out evenly
    assertTrue(most <= 150, "at most " + most + " pings in one second");
  }

  @Test
  void aTcpFlowGetsADoubleCrlfAndAClosedOneIsMissed() {
    var pinger = pinger(new KeepaliveSettings(Duration.ofSeconds(1), 2));
    KeepaliveTarget tcp = new KeepaliveTarget("sip:ivy@10.0.0.11;transport=tcp", null, 0,
        new FlowId(SELF, Transport.TCP, 42), NAT, 1);
    pinger.tell(new Keepalives.Keep("ivy@example.com", "6", List.of(tcp)));
    for (int i = 0; i < 3; i++) {
      List<Sockets.Sent> sent = pass(pinger, Duration.ofSeconds(1));
      assertEquals(1, sent.size());
      assertEquals("\r\n\r\n", sent.get(0).text(), "RFC 5626 §3.5.1");
    }
    failures.expectNoMessage(Duration.ofMillis(100));
    sockets.closed.add(tcp.flow());
    assertEquals(0, pass(pinger, Duration.ofSeconds(3)).size());
    assertEquals(new Failure("ivy@example.com", tcp, 2), failures.receiveMessage());
    assertEquals(2, stats.snapshot().failed());
  }

  @Test
  void aFlowOfAnotherNodeIsPingedThroughThatNodeAndItsAnswerComesBack() {
    var pinger = pinger(new KeepaliveSettings(Duration.ofSeconds(1), 3));
    KeepaliveTarget far = new KeepaliveTarget("sip:jo@10.0.0.12", null, 0, new FlowId(OTHER, Transport.UDP, 77),
        NAT, 1);
    pinger.tell(new Keepalives.Keep("jo@example.com", "7", List.of(far)));
    assertEquals(0, pass(pinger, Duration.ofSeconds(1)).size(), "not from this node's socket");
    List<?> told = (List<?>) peers.told.poll();
    assertNotNull(told);
    assertEquals(OTHER, told.get(0));
    Keepalives.PingThrough through = assertInstanceOf(Keepalives.PingThrough.class, told.get(1));
    assertEquals(SELF, through.pinger());
    assertEquals(far.flow().toString(), through.flowId());
    assertEquals(1, stats.snapshot().relayed());
    // that node answers with the ping's id: counted as answered here
    pinger.tell(new Keepalives.Answered(through.id()));
    sync(pinger);
    assertEquals(1, stats.snapshot().answered());
  }

  @Test
  void aPingAnotherNodeHandsOverLeavesThroughTheFlowHereAndItsAnswerGoesBackThere() {
    var flowNode = pinger(new KeepaliveSettings(Duration.ofSeconds(1), 3));
    FlowId flow = new FlowId(SELF, Transport.UDP, 5);
    flowNode.tell(new Keepalives.PingThrough(0xabcdefL, 7, OTHER, flow.toString(), NAT.getAddress().getAddress(),
        NAT.getPort(), "sip:kim@10.0.0.13"));
    sync(flowNode);
    List<Sockets.Sent> sent = sockets.drain();
    assertEquals(1, sent.size());
    assertEquals(flow, sent.get(0).flow().id());
    assertEquals(NAT, sent.get(0).flow().remote());
    SipRequest options = parse(sent.get(0));
    assertEquals("abcdef-7@" + OTHER, options.callId(), "the answer names the node that pings");

    // the answer arrives here, where the flow is, and goes to the pinger's node
    assertTrue(new KeepaliveAnswers(flowNode, SELF, peers).deliver(answer(options, 200)));
    assertEquals(List.of(OTHER, new Keepalives.Answered(0xabcdefL)), peers.told.poll());
    // with that node gone, the answer is a stray
    peers.up = false;
    assertTrue(!new KeepaliveAnswers(flowNode, SELF, peers).deliver(answer(options, 200)));
  }

  @Test
  void anAnswerNotOfAPingsFormIsRefused() {
    String text = "SIP/2.0 200 OK\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=" + KeepaliveRequest.BRANCH_PREFIX + "12-1;rport\r\n"
        + "From: <sip:keepalive@127.0.0.1:5060>;tag=12\r\n"
        + "To: <sip:x@10.0.0.1>;tag=ua\r\n"
        + "Call-ID: 13-1@" + SELF + "\r\n"
        + "CSeq: 1 OPTIONS\r\n"
        + "Content-Length: 0\r\n\r\n";
    SipResponse forged = (SipResponse) SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
    assertTrue(KeepaliveRequest.isAnswer(forged));
    assertNull(KeepaliveRequest.answer(forged), "branch and Call-ID name different pings");
  }

  @Test
  void offPingsNobody() {
    var pinger = pinger(new KeepaliveSettings(Duration.ZERO, 3));
    pinger.tell(new Keepalives.Keep("lee@example.com", "8", List.of(udp("sip:lee@10.0.0.14", 20, 1))));
    assertEquals(0, pass(pinger, Duration.ofSeconds(60)).size());
    assertEquals(0, sync(pinger));
  }

  /**
   * The timer fires late (the scheduler wakes every 33 ms): the slots whose time has come by the
   * clock are gone through, so a binding is still pinged once an interval; after a long stall,
   * one round at most.
   */
  @Test
  void aLateTimerCatchesUpByTheClock() {
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    ActorRef<Failure> to = failures.getRef();
    var pinger = testKit.spawn(Keepalives.create(new KeepaliveSettings(Duration.ofSeconds(1), 0), SELF,
        () -> sockets, peers, recorder(to, moved), stats, clock::get));
    for (int i = 0; i < 10; i++) {
      pinger.tell(new Keepalives.Keep("late" + i + "@example.com", "1", List.of(udp("sip:late" + i + "@10.0.0.20",
          300 + i, 1))));
    }
    sync(pinger);
    // four timer ticks over two seconds of the clock: every binding pinged twice, not 0.4 times
    for (int i = 0; i < 4; i++) {
      clock.addAndGet(500);
      time.timePasses(Keepalives.TICK);
    }
    time.timePasses(Keepalives.TICK); // one more, the clock unmoved: whatever is due by now is done
    sync(pinger);
    assertEquals(20, sockets.drain().size());
    // a stall of a minute: each pinged once on the next tick, not sixty times
    clock.addAndGet(60_000);
    time.timePasses(Keepalives.TICK);
    sync(pinger);
    assertEquals(10, sockets.drain().size());
  }
}
