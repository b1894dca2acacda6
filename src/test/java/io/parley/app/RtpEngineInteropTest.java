package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.nat.RtpEngine;
import io.parley.nat.RtpEngineSettings;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The NG client against rtpengine from Debian's packages (userspace forwarding, no kernel module),
 * started by the test on 127.0.0.1 (issue 13): an offer and an answer give SDP with rtpengine's
 * own ports, RTP sent to those ports arrives at the other side, and the delete frees the call. An
 * instance that does not answer is passed over for the next; with none answering the offer fails
 * within the timeout, and nothing waits longer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RtpEngineInteropTest {
  private static final Pattern MEDIA = Pattern.compile("(?m)^m=audio (\\d+) ");
  private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+)");
  private final ActorTestKit testKit = ActorTestKit.create();
  private RtpEngineProcess rtpengine;
  private InetSocketAddress ng;

  @BeforeAll
  void start() throws Exception {
    rtpengine = RtpEngineProcess.start();
    ng = rtpengine.ng;
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
    if (rtpengine != null) {
      rtpengine.close();
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static byte[] sdp(String who, int port) {
    return ("v=0\r\no=" + who + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static int mediaPort(byte[] sdp) {
    Matcher m = MEDIA.matcher(new String(sdp, StandardCharsets.US_ASCII));
    assertTrue(m.find(), new String(sdp, StandardCharsets.US_ASCII));
    return Integer.parseInt(m.group(1));
  }

  /** An RTP packet (RFC 3550 §5.1): version 2, PCMU, and 160 octets of payload. */
  private static byte[] rtp(int seq) {
    byte[] p = new byte[172];
    p[0] = (byte) 0x80;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[11] = 7; // SSRC
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) (seq + i);
    }
    return p;
  }

  private RtpEngine.Result ask(ActorRef<RtpEngine.Command> client, java.util.function.Function<ActorRef<RtpEngine.Result>, RtpEngine.Command> request) {
    TestProbe<RtpEngine.Result> probe = testKit.createTestProbe();
    client.tell(request.apply(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  @Test
  void rtpGoesThroughTheRelayBetweenOfferAndAnswer() throws Exception {
    var client = testKit.spawn(RtpEngine.create(new RtpEngineSettings(List.of(ng), Duration.ofSeconds(1),
        Duration.ofSeconds(30)), new RtpEngine.Stats()));
    try (DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      b.setSoTimeout(3000);
      var offered = assertInstanceOf(RtpEngine.Relayed.class, ask(client, reply -> new RtpEngine.Offer("relay-1",
          "ftag", sdp("a", a.getLocalPort()), List.of(), null, reply)));
      String toB = new String(offered.sdp(), StandardCharsets.US_ASCII);
      Matcher c = CONNECTION.matcher(toB);
      assertTrue(c.find() && c.group(1).equals("127.0.0.1"), toB);
      assertTrue(mediaPort(offered.sdp()) != a.getLocalPort(), "the callee is offered rtpengine's port: " + toB);

      var answered = assertInstanceOf(RtpEngine.Relayed.class, ask(client, reply -> new RtpEngine.Answer(
          offered.instance(), "relay-1", "ftag", "ttag", sdp("b", b.getLocalPort()), List.of(), null, reply)));
      int relayForA = mediaPort(answered.sdp());

      // the caller sends to the port in the answer; the callee gets it from rtpengine
      byte[] received = null;
      for (int seq = 1; seq <= 20 && received == null; seq++) {
        byte[] packet = rtp(seq);
        a.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), relayForA));
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        try {
          b.setSoTimeout(250);
          b.receive(in);
          received = java.util.Arrays.copyOf(in.getData(), in.getLength());
          assertArrayEquals(java.util.Arrays.copyOfRange(packet, 12, packet.length),
              java.util.Arrays.copyOfRange(received, 12, received.length), "the payload as sent");
        } catch (SocketTimeoutException e) {
          // rtpengine may drop the first packets while it learns the stream
        }
      }
      assertTrue(received != null, "no RTP arrived through rtpengine");

      assertInstanceOf(RtpEngine.Relayed.class, ask(client, reply -> new RtpEngine.Delete(offered.instance(),
          "relay-1", reply)));
      var again = ask(client, reply -> new RtpEngine.Answer(offered.instance(), "relay-1", "ftag", "ttag",
          sdp("b", b.getLocalPort()), List.of(), null, reply));
      assertInstanceOf(RtpEngine.Failed.class, again, "the call is gone after its delete");
    }
  }

  @Test
  void aSilentInstanceIsPassedOverAndWithNoneTheOfferFailsInTime() throws Exception {
    InetSocketAddress silent = new InetSocketAddress("127.0.0.1", freeUdpPort());
    RtpEngine.Stats stats = new RtpEngine.Stats();
    var client = testKit.spawn(RtpEngine.create(new RtpEngineSettings(List.of(silent, ng),
        Duration.ofMillis(300), Duration.ofSeconds(30)), stats));
    // call ids that hash to the silent instance first, and to the live one
    for (String callId : List.of("fo-1", "fo-2", "fo-3", "fo-4")) {
      var r = ask(client, reply -> new RtpEngine.Offer(callId, "f", sdp("a", 40_000), List.of(), null, reply));
      var relayed = assertInstanceOf(RtpEngine.Relayed.class, r, callId);
      assertEquals(1, relayed.instance(), "the live instance took it");
    }
    assertEquals(1, stats.snapshot()[3], "one timeout: the silent one is left out afterwards");

    var none = testKit.spawn(RtpEngine.create(new RtpEngineSettings(List.of(silent),
        Duration.ofMillis(300), Duration.ofSeconds(30)), new RtpEngine.Stats()));
    long t0 = System.nanoTime();
    assertInstanceOf(RtpEngine.Failed.class, ask(none, reply -> new RtpEngine.Offer("fo-5", "f", sdp("a", 40_002),
        List.of(), null, reply)));
    assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "failed within its timeout, not later");
    assertInstanceOf(RtpEngine.Failed.class, ask(none, reply -> new RtpEngine.Offer("fo-6", "f", sdp("a", 40_004),
        List.of(), null, reply)), "down: refused at once");
  }
}
