package io.parley.transport;

import static io.parley.transport.Received.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpTransportTest {

  private final Received received = new Received();
  private TransportLayer layer;
  private InetSocketAddress server;

  private void start(TransportSettings settings) {
    layer = new TransportLayer(List.of(ListenPoint.parse("tcp:127.0.0.1:0")), "node-a", received,
        settings);
    layer.start();
    server = layer.boundAddresses(Transport.TCP).get(0);
  }

  @AfterEach
  void stop() {
    if (layer != null) {
      layer.stop();
    }
  }

  private Socket connect() throws Exception {
    Socket s = new Socket();
    s.connect(server, 10_000);
    s.setSoTimeout(10_000);
    return s;
  }

  /** Reads exactly {@code n} bytes. */
  private static String read(InputStream in, int n) throws Exception {
    byte[] b = in.readNBytes(n);
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Waits up to 10 s for a condition that another thread makes true. */
  private static void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void receivesSplitMessagesAndRepliesOnTheSameConnection() throws Exception {
    start(TransportSettings.defaults());
    received.answer = (m, flow) -> layer.send(flow, bytes(Received.ok(m.text().substring(
        m.text().indexOf("Call-ID: ") + 9, m.text().indexOf("\r\nContent-Length")))));
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      byte[] first = bytes(Received.options("t1"));
      out.write(first, 0, 20);
      out.flush();
      Thread.sleep(50); // let the first part arrive on its own
      out.write(first, 20, first.length - 20);
      out.write(bytes(Received.options("t2")));
      out.flush();

      Received.Message m1 = received.next();
      Received.Message m2 = received.next();
      assertEquals(Received.options("t1"), m1.text());
      assertEquals(Received.options("t2"), m2.text());
      assertEquals(m1.flow(), m2.flow());
      assertEquals(s.getLocalSocketAddress(), m1.flow().remote());
      assertEquals(Transport.TCP, m1.flow().id().transport());
      assertTrue(m1.thread().startsWith("parley-tcp"), m1.thread());

      InputStream in = s.getInputStream();
      String ok1 = Received.ok("t1");
      String ok2 = Received.ok("t2");
      assertEquals(ok1 + ok2, read(in, ok1.length() + ok2.length()));
    }
  }

  @Test
  void answersAPingWithAPong() throws Exception {
    start(TransportSettings.defaults());
    try (Socket s = connect()) {
      s.getOutputStream().write(bytes("\r\n\r\n"));
      s.getOutputStream().flush();
      assertEquals("\r\n", read(s.getInputStream(), 2));
      s.getOutputStream().write(bytes(Received.options("t3")));
      assertEquals(Received.options("t3"), received.next().text());
      assertEquals(1, layer.stats().snapshot().keepalives());
    }
  }

  @Test
  void closesTheConnectionOnANegativeContentLength() throws Exception {
    start(TransportSettings.defaults());
    try (Socket s = connect()) {
      s.getOutputStream().write(Rfc4475Vectors.load("ncl.dat"));
      s.getOutputStream().flush();
      assertEquals(-1, s.getInputStream().read(), "expected the server to close");
    }
    await("bad framing counted", () -> layer.stats().snapshot().closedBadFraming() == 1);
    assertEquals(1, layer.stats().snapshot().badContentLength());
    assertEquals(0, layer.stats().snapshot().received());
    await("connection forgotten", () -> layer.openConnections() == 0);
  }

  @Test
  void closesTheConnectionOnGarbage() throws Exception {
    start(TransportSettings.defaults());
    try (Socket s = connect()) {
      s.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
      s.getOutputStream().flush();
      assertEquals(-1, s.getInputStream().read(), "expected the server to close");
    }
    await("garbage counted", () -> layer.stats().snapshot().droppedGarbage() == 1);
  }

  @Test
  void idleTimeoutClosesAConnectionWaitingForABody() throws Exception {
    start(TransportSettings.defaults().withTcpIdleTimeout(Duration.ofMillis(300)));
    try (Socket s = connect()) {
      s.getOutputStream().write(Rfc4475Vectors.load("clerr.dat")); // Content-Length 9999
      s.getOutputStream().flush();
      assertEquals(-1, s.getInputStream().read(), "expected the server to close");
    }
    await("idle close counted", () -> layer.stats().snapshot().closedIdle() == 1);
    assertEquals(0, layer.stats().snapshot().received());
  }

  @Test
  void dialsOutReusesTheConnectionAndReceivesOnIt() throws Exception {
    start(TransportSettings.defaults());
    try (ServerSocket peer = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      peer.setSoTimeout(10_000);
      InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
      Flow flow;
      String first = Received.options("out1");
      String second = Received.options("out2");
      assertTrue(layer.send(Transport.TCP, peerAddress, bytes(first)));
      assertTrue(layer.send(Transport.TCP, peerAddress, bytes(second)));
      try (Socket accepted = peer.accept()) {
        accepted.setSoTimeout(10_000);
        assertEquals(first + second, read(accepted.getInputStream(), first.length() + second.length()));

        // the peer answers on the same connection; the answer comes up with that flow
        accepted.getOutputStream().write(bytes(Received.ok("out1")));
        Received.Message answer = received.next();
        assertEquals(Received.ok("out1"), answer.text());
        assertEquals(peerAddress, answer.flow().remote());
        flow = answer.flow();

        // a third send reuses the connection, found by address or by flow
        assertTrue(layer.send(Transport.TCP, peerAddress, bytes(Received.options("out3"))));
        assertTrue(layer.send(answer.flow(), bytes(Received.options("out4"))));
        String more = Received.options("out3") + Received.options("out4");
        assertEquals(more, read(accepted.getInputStream(), more.length()));
        assertEquals(1, layer.openConnections());
      }
      // the peer closed: the flow is gone and a send on it is refused
      await("connection forgotten", () -> layer.openConnections() == 0);
      assertFalse(layer.send(flow, bytes(Received.options("out5"))));
    }
  }

  @Test
  void aSendOnAClosedConnectionIsRefused() throws Exception {
    start(TransportSettings.defaults());
    Flow flow;
    try (Socket s = connect()) {
      s.getOutputStream().write(bytes(Received.options("gone")));
      flow = received.next().flow();
    }
    await("connection forgotten", () -> layer.openConnections() == 0);
    long failures = layer.stats().snapshot().sendFailures();
    assertFalse(layer.send(flow, bytes(Received.ok("gone"))));
    assertEquals(failures + 1, layer.stats().snapshot().sendFailures());
  }

  @Test
  void aConnectionThatCannotOpenCountsItsMessagesAsFailed() throws Exception {
    start(TransportSettings.defaults());
    InetSocketAddress closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = (InetSocketAddress) probe.getLocalSocketAddress();
    }
    // on loopback the refusal may come back at once (send says false) or a moment later (send
    // accepted it): either way the message counts as one failed send and no connection stays
    layer.send(Transport.TCP, closedPort, bytes(Received.options("x1")));
    await("connect failure counted", () -> layer.stats().snapshot().sendFailures() == 1);
    assertEquals(0, layer.openConnections());
  }

  @Test
  void connectionsOverTheMaximumAreClosedAtOnce() throws Exception {
    start(TransportSettings.defaults().withTcpMaxConnections(1));
    try (Socket first = connect(); Socket second = connect()) {
      assertEquals(-1, second.getInputStream().read(), "expected the second to be closed");
      first.getOutputStream().write(bytes(Received.options("kept")));
      assertEquals(Received.options("kept"), received.next().text());
      assertEquals(1, layer.stats().snapshot().connectionsRejected());
      assertNotEquals(0, layer.stats().snapshot().connectionsOpened());
    }
  }
}
