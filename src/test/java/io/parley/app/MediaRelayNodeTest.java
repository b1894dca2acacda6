package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Calls through a running node with {@code parley.nat.media-relay = always} and rtpengine from
 * Debian's packages (issue 13): the callee is offered rtpengine's port instead of the caller's,
 * the caller gets rtpengine's port in the 200, and RTP the caller sends there reaches the callee;
 * a call that fails leaves nothing behind in rtpengine. The UAs are UDP sockets of this test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaRelayNodeTest {
  private static final Pattern MEDIA = Pattern.compile("(?m)^m=audio (\\d+) ");
  private RtpEngineProcess rtpengine;
  private TestNode node;

  @BeforeAll
  void start() throws Exception {
    rtpengine = RtpEngineProcess.start();
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.registrar.authenticate = off
        parley.proxy.authenticate = off
        parley.nat.media-relay = always
        parley.nat.rtpengine.instances = ["127.0.0.1:%d"]
        """.formatted(rtpengine.ng.getPort()));
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (rtpengine != null) {
      rtpengine.close();
    }
  }

  private static String sdp(String who, int port) {
    return "v=0\r\no=" + who + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
  }

  private static int mediaPort(String message) {
    Matcher m = MEDIA.matcher(message);
    assertTrue(m.find(), "no m=audio in:\n" + message);
    return Integer.parseInt(m.group(1));
  }

  private static String invite(SipProbe caller, String user, String callId, String body) {
    return "INVITE sip:" + user + "@example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + caller.localPort() + ";branch=z9hG4bK-mr-" + callId + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <sip:" + user + "@example.com>\r\n"
        + "From: <sip:caller@example.com>;tag=mrc\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: 1 INVITE\r\n"
        + "Contact: <sip:caller@127.0.0.1:" + caller.localPort() + ">\r\n"
        + "Content-Type: application/sdp\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body;
  }

  private static String withBody(String response, String body) {
    return response.replace("Content-Length: 0\r\n\r\n",
        "Content-Type: application/sdp\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
  }

  private static String nextInvite(SipProbe probe) throws IOException {
    for (String m; (m = probe.receive()) != null; ) {
      if (m.startsWith("INVITE ")) {
        return m;
      }
    }
    return null;
  }

  private void registerDirect(SipProbe callee, String user) throws IOException {
    String reg = "REGISTER sip:example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + callee.localPort() + ";branch=z9hG4bK-mrreg-" + user + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <sip:" + user + "@example.com>\r\n"
        + "From: <sip:" + user + "@example.com>;tag=r1\r\n"
        + "Call-ID: mr-reg-" + user + "\r\n"
        + "CSeq: 1 REGISTER\r\n"
        + "Contact: <sip:" + user + "@127.0.0.1:" + callee.localPort() + ">\r\n"
        + "Content-Length: 0\r\n\r\n";
    callee.send(reg.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, SipProbe.status(callee.finalAnswer("mr-reg-" + user)));
  }

  @Test
  void rtpOfARelayedCallGoesThroughRtpengine() throws Exception {
    try (SipProbe callee = new SipProbe(node.udp()); SipProbe caller = new SipProbe(node.udp());
        DatagramSocket rtpA = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket rtpB = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      registerDirect(callee, "media");
      caller.send(invite(caller, "media", "mr-call-1", sdp("a", rtpA.getLocalPort())).getBytes(StandardCharsets.UTF_8));
      String forwarded = nextInvite(callee);
      assertNotNull(forwarded, "the INVITE did not reach the callee");
      int offeredPort = mediaPort(forwarded);
      assertTrue(offeredPort != rtpA.getLocalPort(), "the callee is offered rtpengine's port:\n" + forwarded);

      callee.send(withBody(withDialog(forwarded, callee), sdp("b", rtpB.getLocalPort()))
          .getBytes(StandardCharsets.UTF_8));
      String ok = caller.finalAnswer("mr-call-1");
      assertEquals(200, SipProbe.status(ok), ok);
      int relayForA = mediaPort(ok);
      assertTrue(relayForA != rtpB.getLocalPort(), "the caller gets rtpengine's port:\n" + ok);

      byte[] received = null;
      rtpB.setSoTimeout(250);
      for (int seq = 1; seq <= 20 && received == null; seq++) {
        byte[] packet = new byte[172];
        packet[0] = (byte) 0x80;
        packet[3] = (byte) seq;
        packet[11] = 9;
        Arrays.fill(packet, 12, packet.length, (byte) seq);
        rtpA.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), relayForA));
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        try {
          rtpB.receive(in);
          received = Arrays.copyOf(in.getData(), in.getLength());
          assertArrayEquals(Arrays.copyOfRange(packet, 12, packet.length),
              Arrays.copyOfRange(received, 12, received.length));
        } catch (SocketTimeoutException e) {
          // rtpengine may drop the first packets while it learns the stream
        }
      }
      assertNotNull(received, "no RTP reached the callee through rtpengine:\n" + rtpengine.log());

      // a re-INVITE with new SDP (hold, resume) is offered again: the media stays in the relay
      try (DatagramSocket rtpA2 = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        StringBuilder routes = new StringBuilder();
        java.util.List<String> recordRoutes = new java.util.ArrayList<>();
        for (String line : ok.split("\r\n")) {
          if (line.toLowerCase(java.util.Locale.ROOT).startsWith("record-route:")) {
            recordRoutes.add(0, line.substring(line.indexOf(':') + 1).trim());
          }
        }
        for (String r : recordRoutes) {
          routes.append("Route: ").append(r).append("\r\n");
        }
        String body = sdp("a", rtpA2.getLocalPort());
        String reinvite = "INVITE sip:media@127.0.0.1:" + callee.localPort() + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:" + caller.localPort() + ";branch=z9hG4bK-mr-re1;rport\r\n"
            + routes
            + "Max-Forwards: 70\r\n"
            + "To: <sip:media@example.com>;tag=callee\r\n"
            + "From: <sip:caller@example.com>;tag=mrc\r\n"
            + "Call-ID: mr-call-1\r\n"
            + "CSeq: 2 INVITE\r\n"
            + "Contact: <sip:caller@127.0.0.1:" + caller.localPort() + ">\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        caller.send(reinvite.getBytes(StandardCharsets.UTF_8));
        String again = nextInvite(callee);
        assertNotNull(again, "the re-INVITE did not reach the callee");
        assertTrue(mediaPort(again) != rtpA2.getLocalPort(), "the re-INVITE offers rtpengine's port:\n" + again);
        callee.send(withBody(RegistrarFlowTest.answer(again, 200, "OK").replace(";tag=callee;tag=callee", ";tag=callee"),
            sdp("b", rtpB.getLocalPort())).getBytes(StandardCharsets.UTF_8));
        String reOk = caller.finalAnswer("mr-call-1");
        assertEquals(200, SipProbe.status(reOk), reOk);
        assertTrue(mediaPort(reOk) != rtpB.getLocalPort(), "the re-INVITE's 200 gives rtpengine's port:\n" + reOk);
      }
    }
  }

  /** A 200 to {@code invite} as its callee sends it: with the Record-Route and a Contact. */
  private static String withDialog(String invite, SipProbe callee) {
    StringBuilder recordRoutes = new StringBuilder();
    for (String line : invite.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("record-route:")) {
        recordRoutes.append(line).append("\r\n");
      }
    }
    return RegistrarFlowTest.answer(invite, 200, "OK").replace("Content-Length: 0\r\n",
        recordRoutes + "Contact: <sip:media@127.0.0.1:" + callee.localPort() + ">\r\nContent-Length: 0\r\n");
  }

  @Test
  void aCallThatFailsLeavesNothingInRtpengine() throws Exception {
    try (SipProbe callee = new SipProbe(node.udp()); SipProbe caller = new SipProbe(node.udp())) {
      registerDirect(callee, "busy");
      caller.send(invite(caller, "busy", "mr-call-2", sdp("a", 40_010)).getBytes(StandardCharsets.UTF_8));
      String forwarded = nextInvite(callee);
      assertNotNull(forwarded, "the INVITE did not reach the callee");
      assertTrue(rtpengine.query("mr-call-2").contains("6:result2:ok"), "offered: the call is in rtpengine");
      callee.send(RegistrarFlowTest.answer(forwarded, 486, "Busy Here").getBytes(StandardCharsets.UTF_8));
      assertEquals(486, SipProbe.status(caller.finalAnswer("mr-call-2")));
      String after = "";
      for (int i = 0; i < 50 && !after.contains("Unknown call-id"); i++) {
        Thread.sleep(100);
        after = rtpengine.query("mr-call-2");
      }
      assertTrue(after.contains("Unknown call-id"), "deleted once the call failed: " + after);
    }
  }

  /** A relay that does not answer does not hold calls up: they go on, unrelayed, within its timeout. */
  @Test
  void aSilentRelayLeavesTheCallUnrelayedNotStuck() throws Exception {
    int silent;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      silent = s.getLocalPort();
    }
    try (TestNode other = TestNode.start("""
        parley.domains = ["example.com"]
        parley.registrar.authenticate = off
        parley.proxy.authenticate = off
        parley.nat.media-relay = always
        parley.nat.rtpengine { instances = ["127.0.0.1:%d"], timeout = 300ms }
        """.formatted(silent));
        SipProbe callee = new SipProbe(other.udp()); SipProbe caller = new SipProbe(other.udp())) {
      registerDirect(callee, "quiet");
      long t0 = System.nanoTime();
      caller.send(invite(caller, "quiet", "mr-call-3", sdp("a", 40_020)).getBytes(StandardCharsets.UTF_8));
      String forwarded = nextInvite(callee);
      assertNotNull(forwarded, "the INVITE did not reach the callee");
      assertEquals(40_020, mediaPort(forwarded), "the caller's own SDP");
      System.out.printf("media relay test: INVITE forwarded %d ms after a silent rtpengine was asked%n",
          (System.nanoTime() - t0) / 1_000_000);
      callee.send(RegistrarFlowTest.answer(forwarded, 486, "Busy Here").getBytes(StandardCharsets.UTF_8));
      assertEquals(486, SipProbe.status(caller.finalAnswer("mr-call-3")));
    }
  }

  /** A WAV of {@code seconds} of PCMU (G.711 µ-law, 8 kHz, mono), as SIPp's rtp_stream plays it. */
  private static void writeWav(java.nio.file.Path file, int seconds) throws IOException {
    int samples = 8000 * seconds;
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(58 + samples).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(50 + samples).put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(18).putShort((short) 7).putShort((short) 1)
        .putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8).putShort((short) 0);
    b.put("fact".getBytes(StandardCharsets.US_ASCII)).putInt(4).putInt(samples);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples);
    for (int i = 0; i < samples; i++) {
      b.put((byte) (0xFF - (i % 16))); // near silence, not all one octet
    }
    java.nio.file.Files.write(file, b.array());
  }

  /** A response to {@code request} with its Via, From, To, Call-ID and CSeq as they came. */
  private static String echo(String request, int status, String reason) {
    StringBuilder s = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
    for (String line : request.split("\r\n")) {
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("to:")
          || lower.startsWith("call-id:") || lower.startsWith("cseq:")) {
        s.append(line).append("\r\n");
      }
    }
    return s.append("Content-Length: 0\r\n\r\n").toString();
  }

  /** The issue's interop test: RTP that SIPp sends reaches the callee through rtpengine. */
  @Test
  void rtpSentBySippReachesTheCalleeThroughRtpengine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Sipp.require();
    writeWav(dir.resolve("relay.wav"), 1);
    try (SipProbe callee = new SipProbe(node.udp());
        DatagramSocket rtpB = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      registerDirect(callee, "sippmedia");
      Sipp caller = Sipp.uac("uac_call_rtp", node.udp(), "sippmedia").expect(1).start(dir, 30);
      try {
        String forwarded = nextInvite(callee);
        assertNotNull(forwarded, "the INVITE did not reach the callee");
        // RFC 3261 §12.1.1: the callee's 2xx carries the Record-Route, so the caller's BYE comes back the same way
        StringBuilder recordRoutes = new StringBuilder();
        for (String line : forwarded.split("\r\n")) {
          if (line.toLowerCase(java.util.Locale.ROOT).startsWith("record-route:")) {
            recordRoutes.append(line).append("\r\n");
          }
        }
        String ok = RegistrarFlowTest.answer(forwarded, 200, "OK").replace("Content-Length: 0\r\n\r\n",
            recordRoutes + "Contact: <sip:sippmedia@127.0.0.1:" + callee.localPort() + ">\r\n"
                + "Content-Type: application/sdp\r\nContent-Length: " + sdp("b", rtpB.getLocalPort()).length()
                + "\r\n\r\n" + sdp("b", rtpB.getLocalPort()));
        callee.send(ok.getBytes(StandardCharsets.UTF_8));
        int packets = 0;
        rtpB.setSoTimeout(1500);
        try {
          while (packets < 200) {
            rtpB.receive(new DatagramPacket(new byte[2048], 2048));
            packets++;
          }
        } catch (SocketTimeoutException e) {
          // the stream has ended
        }
        System.out.printf("media relay test: %d RTP packets from SIPp reached the callee through rtpengine%n",
            packets);
        assertTrue(packets >= 25, packets + " RTP packets of SIPp's 50 came through rtpengine:\n" + rtpengine.log());
        for (String m; (m = callee.receive()) != null; ) {
          if (m.startsWith("BYE ")) {
            callee.send(echo(m, 200, "OK").getBytes(StandardCharsets.UTF_8));
            break;
          }
        }
        assertTrue(caller.succeeded(30), caller.output());
      } finally {
        caller.kill();
      }
    }
  }

  /** A relayed call Parley ends itself at its max duration (BYE both ways) is deleted at rtpengine too. */
  @Test
  void aCallEndedAtItsMaxDurationLeavesNothingInRtpengine() throws Exception {
    try (TestNode timed = TestNode.start("""
        parley.domains = ["example.com"]
        parley.registrar.authenticate = off
        parley.proxy.authenticate = off
        parley.dialog.max-duration = 2s
        parley.nat.media-relay = always
        parley.nat.rtpengine.instances = ["127.0.0.1:%d"]
        """.formatted(rtpengine.ng.getPort()));
        SipProbe callee = new SipProbe(timed.udp()); SipProbe caller = new SipProbe(timed.udp())) {
      registerDirect(callee, "timed");
      caller.send(invite(caller, "timed", "mr-call-4", sdp("a", 40_030)).getBytes(StandardCharsets.UTF_8));
      String forwarded = nextInvite(callee);
      assertNotNull(forwarded, "the INVITE did not reach the callee");
      callee.send(withBody(withDialog(forwarded, callee).replace("sip:media@", "sip:timed@"), sdp("b", 40_040))
          .getBytes(StandardCharsets.UTF_8));
      assertEquals(200, SipProbe.status(caller.finalAnswer("mr-call-4")));
      assertTrue(rtpengine.query("mr-call-4").contains("6:result2:ok"), "the call is in rtpengine");
      String bye = null;
      for (String m; bye == null && (m = callee.receive()) != null; ) {
        if (m.startsWith("BYE ")) {
          bye = m;
        }
      }
      assertNotNull(bye, "no BYE from Parley at the call's max duration");
      String after = "";
      for (int i = 0; i < 50 && !after.contains("Unknown call-id"); i++) {
        Thread.sleep(100);
        after = rtpengine.query("mr-call-4");
      }
      assertTrue(after.contains("Unknown call-id"), "deleted when Parley ended the call: " + after);
    }
  }
}
