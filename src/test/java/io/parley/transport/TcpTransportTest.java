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
import java.net.SocketException;
import java.net.SocketTimeoutException;
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
      assertEquals(0, layer.stats().snapshot().connectionsRejectedPerSource());
      assertNotEquals(0, layer.stats().snapshot().connectionsOpened());
    }
  }

  /** A socket from {@code source} (any 127.x reaches the loopback listener). */
  private Socket connectFrom(String source) throws Exception {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    s.connect(server, 10_000);
    s.setSoTimeout(10_000);
    return s;
  }

  /** Sends a message and waits for it, so the server has surely taken the connection. */
  private void sendAndReceive(Socket s, String callId) throws Exception {
    s.getOutputStream().write(bytes(Received.options(callId)));
    s.getOutputStream().flush();
    assertEquals(Received.options(callId), received.next().text());
  }

  /** Whether the server closed the connection within {@code millis}; false if it is still open. */
  private static boolean closedWithin(Socket s, int millis) throws Exception {
    s.setSoTimeout(millis);
    try {
      return s.getInputStream().read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  @Test
  void aSlowlorisIsClosedAtTheMessageDeadlineThoughNeverIdle() throws Exception {
    // the drip (every 200 ms) keeps the 1 s idle timer from ever firing: only the message
    // deadline can end this connection
    start(TransportSettings.defaults().withTcpIdleTimeout(Duration.ofSeconds(1))
        .withTcpMessageTimeout(Duration.ofSeconds(2)));
    byte[] header = bytes(Received.options("slow").replace("Content-Length: 0\r\n\r\n",
        "X-Pad: " + "a".repeat(200)));
    long started = System.nanoTime();
    long closedAfter = -1;
    try (Socket s = connect()) {
      for (int i = 0; i < header.length; i++) {
        try {
          s.getOutputStream().write(header[i]);
          s.getOutputStream().flush();
        } catch (SocketException e) {
          closedAfter = System.nanoTime() - started;
          break;
        }
        if (closedWithin(s, 200)) {
          closedAfter = System.nanoTime() - started;
          break;
        }
      }
    }
    assertTrue(closedAfter > 0, "the slow sender was never closed");
    // not a speed check: the deadline cannot pass before 2 s, and 20 s means it did not work
    assertTrue(closedAfter >= Duration.ofMillis(1900).toNanos(), "closed too soon: " + closedAfter);
    assertTrue(closedAfter < Duration.ofSeconds(20).toNanos(), "closed too late: " + closedAfter);
    await("message timeout counted", () -> layer.stats().snapshot().closedMessageTimeout() == 1);
    assertEquals(0, layer.stats().snapshot().closedIdle());
    assertEquals(0, layer.stats().snapshot().received());
    await("connection forgotten", () -> layer.openConnections() == 0);
  }

  @Test
  void keepalivesBetweenMessagesDoNotStartTheDeadline() throws Exception {
    start(TransportSettings.defaults().withTcpMessageTimeout(Duration.ofSeconds(1)));
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      // 3.2 s of keepalives, three times the message timeout, with messages in between
      for (int i = 0; i < 8; i++) {
        out.write(bytes("\r\n\r\n"));
        out.flush();
        assertEquals("\r\n", read(in, 2));
        if (i % 3 == 2) {
          sendAndReceive(s, "between" + i);
        }
        Thread.sleep(400);
      }
      sendAndReceive(s, "last");
      assertFalse(closedWithin(s, 100), "the connection was closed");
    }
    TransportStats.Snapshot stats = layer.stats().snapshot();
    assertEquals(0, stats.closedMessageTimeout());
    assertEquals(8, stats.keepalives());
    assertEquals(0, stats.keepalivesUnanswered());
  }

  @Test
  void aMessageSentSlowlyButWithinTheDeadlineIsDeliveredAndTheClockRestartsPerMessage()
      throws Exception {
    start(TransportSettings.defaults().withTcpMessageTimeout(Duration.ofSeconds(4)));
    try (Socket s = connect()) {
      long started = System.nanoTime();
      for (String callId : List.of("slow-1", "slow-2")) {
        byte[] message = bytes(Received.options(callId));
        int chunk = message.length / 15 + 1;
        for (int at = 0; at < message.length; at += chunk) {
          s.getOutputStream().write(message, at, Math.min(chunk, message.length - at));
          s.getOutputStream().flush();
          Thread.sleep(150);
        }
        assertEquals(Received.options(callId), received.next().text());
      }
      // both messages took longer than one deadline together: the second had its own clock
      assertTrue(System.nanoTime() - started > Duration.ofSeconds(4).toNanos());
      assertFalse(closedWithin(s, 100), "the connection was closed");
    }
    assertEquals(0, layer.stats().snapshot().closedMessageTimeout());
  }

  @Test
  void aSourceAtItsCapIsRefusedWhileAnotherSourceConnects() throws Exception {
    start(TransportSettings.defaults().withTcpMaxConnectionsPerSource(2));
    InetAddress first = InetAddress.getByName("127.0.0.1");
    try (Socket a = connectFrom("127.0.0.1"); Socket b = connectFrom("127.0.0.1")) {
      sendAndReceive(a, "a");
      sendAndReceive(b, "b");
      try (Socket third = connectFrom("127.0.0.1")) {
        assertTrue(closedWithin(third, 10_000), "expected the third to be closed");
      }
      try (Socket other = connectFrom("127.0.0.2")) {
        sendAndReceive(other, "other");
        assertEquals(1, layer.openConnectionsFrom(InetAddress.getByName("127.0.0.2")));
      }
      await("the refused one uncounted", () -> layer.openConnectionsFrom(first) == 2);
      sendAndReceive(a, "a-still-open");
    }
    TransportStats.Snapshot stats = layer.stats().snapshot();
    assertEquals(1, stats.connectionsRejectedPerSource());
    assertEquals(0, stats.connectionsRejected());
    assertEquals(3, stats.connectionsOpened());
    // every count back to 0 and its entry gone: the table cannot grow with the addresses seen
    await("sources forgotten", () -> layer.connectionSources() == 0);
    assertEquals(0, layer.openConnectionsFrom(first));
  }

  @Test
  void connectionsThisNodeDialsDoNotCountAgainstTheSourceCap() throws Exception {
    start(TransportSettings.defaults().withTcpMaxConnectionsPerSource(1));
    try (ServerSocket peer = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
      peer.setSoTimeout(10_000);
      assertTrue(layer.send(Transport.TCP, (InetSocketAddress) peer.getLocalSocketAddress(),
          bytes(Received.options("out"))));
      try (Socket dialed = peer.accept()) {
        await("dialed connection open", () -> layer.openConnections() == 1);
        try (Socket in = connectFrom("127.0.0.1")) {
          sendAndReceive(in, "in"); // the dialed one to 127.0.0.1 left room for it
          try (Socket over = connectFrom("127.0.0.1")) {
            assertTrue(closedWithin(over, 10_000), "expected the second inbound to be closed");
          }
        }
      }
    }
    assertEquals(1, layer.stats().snapshot().connectionsRejectedPerSource());
  }

  @Test
  void aFloodOfPingsGetsOnlyAFewPongsAndTheConnectionStillWorks() throws Exception {
    start(TransportSettings.defaults());
    try (Socket s = connect()) {
      s.getOutputStream().write(bytes("\r\n\r\n".repeat(100)));
      s.getOutputStream().flush();
      await("pings read", () -> layer.stats().snapshot().keepalives() == 100);
      TransportStats.Snapshot stats = layer.stats().snapshot();
      assertTrue(stats.keepalivesUnanswered() >= 100 - 2 * PongBudget.PONGS_PER_SECOND,
          "unanswered: " + stats.keepalivesUnanswered());
      sendAndReceive(s, "after-flood");
    }
  }
}
