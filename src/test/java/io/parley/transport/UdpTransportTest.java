package io.parley.transport;

import static io.parley.transport.Received.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UdpTransportTest {

  private final Received received = new Received();
  private TransportLayer layer;
  private InetSocketAddress server;
  private DatagramSocket peer;

  @BeforeEach
  void start() throws Exception {
    layer = new TransportLayer(List.of(ListenPoint.parse("udp:127.0.0.1:0")), "node-a", received,
        TransportSettings.defaults().withMaxMessageSize(2000));
    layer.start();
    server = layer.boundAddresses(Transport.UDP).get(0);
    peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    peer.setSoTimeout(10_000);
  }

  @AfterEach
  void stop() {
    layer.stop();
    peer.close();
  }

  private void sendFromPeer(byte[] data) throws Exception {
    peer.send(new DatagramPacket(data, data.length, server));
  }

  private String receiveAtPeer() throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
    peer.receive(p);
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void bindsAnEphemeralPort() {
    assertTrue(server.getPort() > 0);
    assertEquals(List.of(), layer.boundAddresses(Transport.TCP));
  }

  @Test
  void receivesADatagramOnItsThreadAndRepliesThroughTheFlow() throws Exception {
    received.answer = (m, flow) -> layer.send(flow, bytes(Received.ok("c1")));
    sendFromPeer(bytes(Received.options("c1")));

    Received.Message m = received.next();
    assertEquals(Received.options("c1"), m.text());
    assertEquals(peer.getLocalSocketAddress(), m.flow().remote());
    assertEquals(server, m.flow().local());
    assertEquals(Transport.UDP, m.flow().transport());
    assertEquals("node-a", m.flow().id().node());
    assertTrue(m.thread().startsWith("parley-sip-"), m.thread());
    assertEquals(Received.ok("c1"), receiveAtPeer());
    assertEquals(1, layer.stats().snapshot().received());
    assertEquals(1, layer.stats().snapshot().sent());
  }

  /**
   * DESIGN.md, Flows: a flow of another node is refused and counted unless the layer has a relay
   * to that node; with one, the message leaves from the holding node's socket, not from this
   * node's, and is counted as sent there only.
   */
  @Test
  void aFlowOfAnotherNodeGoesThroughTheRelayToTheNodeHoldingIt() throws Exception {
    received.answer = (m, flow) -> { };
    sendFromPeer(bytes(Received.options("c9")));
    Flow flowOfA = received.next().flow();
    TransportLayer b = new TransportLayer(List.of(ListenPoint.parse("udp:127.0.0.1:0")), "node-b", new Received(),
        TransportSettings.defaults());
    b.start();
    try {
      assertFalse(b.send(flowOfA, bytes(Received.ok("c9"))), "no relay yet");
      assertEquals(1, b.stats().snapshot().sendFailures());
      List<Flow> relayed = new java.util.ArrayList<>();
      b.relayOtherNodesFlowsThrough((flow, data) -> {
        relayed.add(flow);
        return layer.send(flow, data); // what node-a's flow forwarder does
      });
      assertTrue(b.send(flowOfA, bytes(Received.ok("c9"))));
      assertEquals(List.of(flowOfA), relayed);
      DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
      peer.receive(p);
      assertEquals(Received.ok("c9"), new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1));
      assertEquals(server, p.getSocketAddress(), "from the socket of the node that holds the flow");
      assertEquals(0, b.stats().snapshot().sent());
      assertEquals(1, layer.stats().snapshot().sent());
    } finally {
      b.stop();
    }
  }

  @Test
  void sendsToAnAddressFromTheListeningSocket() throws Exception {
    assertTrue(layer.send(Transport.UDP, (InetSocketAddress) peer.getLocalSocketAddress(),
        bytes(Received.options("c2"))));
    DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
    peer.receive(p);
    assertEquals(server, p.getSocketAddress());
  }

  @Test
  void keepalivesEmptyAndGarbageDatagramsNeverReachTheHandlerAndOversizeIsCounted() throws Exception {
    sendFromPeer(bytes("\r\n\r\n"));
    sendFromPeer(new byte[0]);
    String oversize = "OPTIONS sip:a@b SIP/2.0\r\nX: " + "x".repeat(2100) + "\r\n\r\n";
    sendFromPeer(bytes(oversize));
    sendFromPeer(new byte[] {0, 1, 0, 0, 0x21, 0x12, (byte) 0xA4, 0x42}); // STUN, cut short
    sendFromPeer(bytes("GET / HTTP/1.1\r\n\r\n"));
    sendFromPeer(bytes("\r\n" + Received.options("c3")));

    // the over-size datagram is handed on whole, so the parser can answer it 513
    assertEquals(oversize, received.next().text());
    Received.Message m = received.next();
    // the leading CRLF is cut off; nothing else came before the real message
    assertEquals(Received.options("c3"), m.text());
    assertNull(received.messages.poll(200, TimeUnit.MILLISECONDS));
    TransportStats.Snapshot s = layer.stats().snapshot();
    assertEquals(1, s.keepalives());
    assertEquals(1, s.droppedOversize());
    assertEquals(1, s.droppedGarbage());
    assertEquals(1, s.stunDropped());
    assertEquals(2, s.received());
    // a keepalive over UDP is answered with nothing
    peer.setSoTimeout(200);
    assertThrowsTimeout();
  }

  /** RFC 5389 on the SIP port: a phone learns the address its NAT gave it (RFC 5626 §4.4.2). */
  @Test
  void aStunBindingRequestIsAnsweredWithTheAddressItCameFrom() throws Exception {
    byte[] request = java.nio.ByteBuffer.allocate(20).putShort((short) 1).putShort((short) 0)
        .putInt(StunBinding.MAGIC_COOKIE).put("transaction1".getBytes(StandardCharsets.US_ASCII)).array();
    sendFromPeer(request);
    DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
    peer.setSoTimeout(5000);
    peer.receive(p);
    java.nio.ByteBuffer answer = java.nio.ByteBuffer.wrap(p.getData(), 0, p.getLength());
    assertEquals(0x0101, answer.getShort(0) & 0xFFFF, "a Binding success response");
    assertEquals(0x0020, answer.getShort(20) & 0xFFFF, "XOR-MAPPED-ADDRESS");
    int port = (answer.getShort(26) & 0xFFFF) ^ (StunBinding.MAGIC_COOKIE >>> 16);
    byte[] ip = new byte[4];
    for (int i = 0; i < 4; i++) {
      ip[i] = (byte) (answer.get(28 + i) ^ request[4 + i]);
    }
    assertEquals(peer.getLocalSocketAddress(), new InetSocketAddress(InetAddress.getByAddress(ip), port));
    assertEquals(1, layer.stats().snapshot().stunAnswered());
    assertNull(received.messages.poll(200, TimeUnit.MILLISECONDS), "nothing reached the SIP handler");
  }

  private void assertThrowsTimeout() throws Exception {
    try {
      String unexpected = receiveAtPeer();
      throw new AssertionError("unexpected datagram: " + unexpected);
    } catch (java.net.SocketTimeoutException expected) {
      // nothing was sent back
    }
  }

  @Test
  void aThrowingHandlerIsCountedAndTheNextDatagramStillArrives() throws Exception {
    received.answer = (m, flow) -> {
      if (m.text().contains("boom")) {
        throw new IllegalStateException("handler bug");
      }
    };
    sendFromPeer(bytes(Received.options("boom")));
    sendFromPeer(bytes(Received.options("fine")));
    assertTrue(received.next().text().contains("boom"));
    assertTrue(received.next().text().contains("fine"));
    assertEquals(1, layer.stats().snapshot().handlerFailures());
  }

  @Test
  void sendsAreRefusedForAForeignFlowAndAfterStop() throws Exception {
    sendFromPeer(bytes(Received.options("c4")));
    Flow flow = received.next().flow();
    Flow foreign = new Flow(new FlowId("node-b", Transport.UDP, flow.id().connectionId()),
        Transport.UDP, flow.local(), flow.remote());
    assertFalse(layer.send(foreign, bytes("x")));
    layer.stop();
    layer.stop(); // idempotent
    assertFalse(layer.send(flow, bytes("x")));
    assertEquals(2, layer.stats().snapshot().sendFailures());
  }
}
