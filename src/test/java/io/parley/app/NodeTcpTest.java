package io.parley.app;

import static io.parley.app.SipProbe.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.Vectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIP over a real TCP connection to a running node. The Content-Length vectors of RFC 4475
 * (§3.1.2.2 clerr, §3.1.2.3 ncl, §3.3.9 mcl01) must end in a closed connection — at once where
 * the framing is broken, at the idle timeout where the body never comes — never a stuck one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeTcpTest {
  private TestNode node;

  @BeforeAll
  void start() {
    // a short idle timeout, so clerr's missing 9,845 body bytes end the connection soon
    node = TestNode.start("parley.sip.tcp-idle-timeout = 2s\nparley.sip.max-message-size = 4096");
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"clerr", "ncl", "mcl01"})
  void aBrokenContentLengthEndsInAClosedConnection(String file) throws Exception {
    try (Socket socket = new Socket(node.tcp().getAddress(), node.tcp().getPort())) {
      // bounded: the idle timeout is 2 s; 20 s means the connection is stuck
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(Vectors.bytes("rfc4475", file + ".dat"));
      socket.getOutputStream().flush();
      String rest = readUntilClosed(socket.getInputStream());
      assertTrue(rest.isEmpty() || rest.startsWith("SIP/2.0 4"), file + " got: " + rest);
    }
  }

  @Test
  void optionsOverTcpIsAnsweredOnTheSameConnectionAndKeepalivesArePonged() throws Exception {
    try (Socket socket = new Socket(node.tcp().getAddress(), node.tcp().getPort())) {
      socket.setSoTimeout(10_000);
      var out = socket.getOutputStream();
      out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(options(socket.getLocalPort(), 1).getBytes(StandardCharsets.US_ASCII));
      out.write(options(socket.getLocalPort(), 2).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      assertEquals('\r', in.read(), "RFC 5626 §3.5.1: a CRLFCRLF ping gets a CRLF pong");
      assertEquals('\n', in.read());
      String first = readMessage(in);
      String second = readMessage(in);
      assertEquals(200, status(first), first);
      assertTrue(first.contains("CSeq: 1 OPTIONS"), first);
      assertEquals(200, status(second), second);
      assertTrue(second.contains("CSeq: 2 OPTIONS"), second);
    }
  }

  @Test
  void anOversizeDatagramIsAnswered513() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      String options = probe.options(70);
      String big = options.replace("Content-Length: 0\r\n",
          "X-Padding: " + "p".repeat(5000) + "\r\nContent-Length: 0\r\n");
      probe.send(big.getBytes(StandardCharsets.US_ASCII));
      String answer = probe.receive();
      assertEquals(513, status(answer), answer);
      probe.send(probe.options(70).getBytes(StandardCharsets.US_ASCII));
      assertEquals(200, status(probe.receive()));
    }
  }

  private String options(int localPort, int cseq) {
    String host = node.tcp().getAddress().getHostAddress();
    return "OPTIONS sip:" + host + ":" + node.tcp().getPort() + ";transport=tcp SIP/2.0\r\n"
        + "Via: SIP/2.0/TCP 127.0.0.1:" + localPort + ";branch=z9hG4bK-tcp-" + cseq + "\r\n"
        + "Max-Forwards: 70\r\nTo: <sip:" + host + ">\r\nFrom: <sip:t@127.0.0.1>;tag=t" + cseq + "\r\n"
        + "Call-ID: tcp-options@127.0.0.1\r\nCSeq: " + cseq + " OPTIONS\r\nContent-Length: 0\r\n\r\n";
  }

  /** One message framed by its Content-Length, which this test's responses always carry. */
  private static String readMessage(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.UTF_8).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head);
      }
      head.write(b);
    }
    String h = head.toString(StandardCharsets.UTF_8);
    int i = h.indexOf("Content-Length: ");
    int length = Integer.parseInt(h.substring(i + 16, h.indexOf("\r\n", i)).trim());
    return h + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        all.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection is stuck open; got " + all);
    } catch (java.net.SocketException e) {
      // a reset is a close too
    }
    return all.toString(StandardCharsets.UTF_8);
  }
}
