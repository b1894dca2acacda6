package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests to registered contacts through a running node take the way their REGISTER came
 * (RFC 5626 §5.3, RFC 3327 §5.3, DESIGN.md Flows): the UDP source of a NATed contact, the TCP
 * connection of a UA that does not listen, the Path of an edge proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrarFlowTest {
  private TestNode node;
  private int sequence;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.sip.timers.t1 = 100ms
        parley.registrar.authenticate = off
        parley.proxy.authenticate = off
        """);
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private String register(String user, String via, String callId, String... extra) {
    sequence++;
    StringBuilder s = new StringBuilder()
        .append("REGISTER sip:example.com SIP/2.0\r\n")
        .append("Via: ").append(via).append(";branch=z9hG4bK-flow-").append(sequence).append(";rport\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("To: <sip:").append(user).append("@example.com>\r\n")
        .append("From: <sip:").append(user).append("@example.com>;tag=f").append(sequence).append("\r\n")
        .append("Call-ID: ").append(callId).append("\r\n")
        .append("CSeq: 1 REGISTER\r\n");
    for (String h : extra) {
      s.append(h).append("\r\n");
    }
    return s.append("Content-Length: 0\r\n\r\n").toString();
  }

  private String invite(SipProbe caller, String user, String callId) {
    sequence++;
    return "INVITE sip:" + user + "@example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + caller.localPort() + ";branch=z9hG4bK-finv-" + sequence + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <sip:" + user + "@example.com>\r\n"
        + "From: <sip:caller@example.com>;tag=c" + sequence + "\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: 1 INVITE\r\n"
        + "Contact: <sip:caller@127.0.0.1:" + caller.localPort() + ">\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  /** A final response to {@code request} as its UAS sends it: its Vias, From, To with a tag, Call-ID, CSeq. */
  static String answer(String request, int status, String reason) {
    StringBuilder s = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
    for (String line : request.split("\r\n")) {
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
          || lower.startsWith("cseq:")) {
        s.append(line).append("\r\n");
      } else if (lower.startsWith("to:")) {
        s.append(line).append(";tag=callee\r\n");
      }
    }
    return s.append("Content-Length: 0\r\n\r\n").toString();
  }

  /** The next request whose start line begins with {@code method}, skipping anything else. */
  private static String nextRequest(SipProbe probe, String method) throws IOException {
    for (String m; (m = probe.receive()) != null; ) {
      if (m.startsWith(method + " ")) {
        return m;
      }
    }
    return null;
  }

  private static List<String> values(String message, String header) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?im)^" + header + "[ \\t]*:[ \\t]*(.+?)\\r?$").matcher(message);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /**
   * A UA behind a NAT (RFC 3581): its Via and Contact name the port it had before the NAT, not
   * the one its REGISTER came from (parley.nat.detect's via-port); the INVITE goes to where the
   * REGISTER came from, with the Request-URI the contact as registered.
   */
  @Test
  void aNatedUdpContactIsReachedAtItsSource() throws Exception {
    int inside = closedUdpPort();
    try (SipProbe callee = new SipProbe(node.udp()); SipProbe caller = new SipProbe(node.udp())) {
      callee.send(register("nat", "SIP/2.0/UDP 127.0.0.1:" + inside, "flow-nat",
          "Contact: <sip:nat@127.0.0.1:" + inside + ">").getBytes(StandardCharsets.UTF_8));
      String ok = callee.finalAnswer("flow-nat");
      assertNotNull(ok, "no answer to REGISTER");
      assertEquals(200, SipProbe.status(ok), ok);

      caller.send(invite(caller, "nat", "flow-nat-inv").getBytes(StandardCharsets.UTF_8));
      String forwarded = nextRequest(callee, "INVITE");
      assertNotNull(forwarded, "the INVITE did not come to the REGISTER's source");
      assertTrue(forwarded.startsWith("INVITE sip:nat@127.0.0.1:" + inside + " SIP/2.0\r\n"), forwarded);
      callee.send(answer(forwarded, 486, "Busy Here").getBytes(StandardCharsets.UTF_8));
      String busy = caller.finalAnswer("flow-nat-inv");
      assertNotNull(busy, "no final answer; skipped " + caller.skipped());
      assertEquals(486, SipProbe.status(busy), busy);
    }
  }

  /**
   * RFC 3261 §10.2, third-party registration: a UA at 127.0.0.1 registers a contact on
   * 127.0.0.2, which listens there. Its Via names the REGISTER's true source, so no test of
   * parley.nat.detect takes it as behind a NAT: the INVITE goes to the contact, not to the
   * registering UA's port.
   */
  @Test
  void aContactRegisteredForAnotherHostIsReachedAtThatHost() throws Exception {
    try (SipProbe registering = new SipProbe(node.udp());
        SipProbe phone = new SipProbe(node.udp(), InetAddress.getByName("127.0.0.2"));
        SipProbe caller = new SipProbe(node.udp())) {
      registering.send(register("third", "SIP/2.0/UDP 127.0.0.1:" + registering.localPort(), "flow-third",
          "Contact: <sip:third@127.0.0.2:" + phone.localPort() + ">").getBytes(StandardCharsets.UTF_8));
      String ok = registering.finalAnswer("flow-third");
      assertNotNull(ok, "no answer to REGISTER");
      assertEquals(200, SipProbe.status(ok), ok);

      caller.send(invite(caller, "third", "flow-third-inv").getBytes(StandardCharsets.UTF_8));
      String forwarded = nextRequest(phone, "INVITE");
      assertNotNull(forwarded, "the INVITE did not come to the registered contact on 127.0.0.2");
      phone.send(answer(forwarded, 486, "Busy Here").getBytes(StandardCharsets.UTF_8));
      assertEquals(486, SipProbe.status(caller.finalAnswer("flow-third-inv")));
      assertNull(nextRequest(registering.timeout(300), "INVITE"),
          "no INVITE goes to the UA that registered on the contact's behalf");
    }
  }

  /** A UDP port nothing listens on (bound, then closed again). */
  private static int closedUdpPort() throws IOException {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** RFC 3327 §5.3: an INVITE to a contact registered with a Path goes to the first Path URI, with it as Route. */
  @Test
  void aPathIsTheWayToItsContact() throws Exception {
    try (SipProbe edge = new SipProbe(node.udp()); SipProbe caller = new SipProbe(node.udp())) {
      String path = "<sip:127.0.0.1:" + edge.localPort() + ";lr>";
      edge.send(register("pathed", "SIP/2.0/UDP 127.0.0.1:" + edge.localPort(), "flow-path",
          "Supported: path", "Path: " + path, "Contact: <sip:pathed@192.0.2.40:5060>")
          .getBytes(StandardCharsets.UTF_8));
      String ok = edge.finalAnswer("flow-path");
      assertNotNull(ok, "no answer to REGISTER");
      assertEquals(200, SipProbe.status(ok), ok);
      assertEquals(List.of(path), values(ok, "Path"), "RFC 3327 §5.3: the Path comes back");

      caller.send(invite(caller, "pathed", "flow-path-inv").getBytes(StandardCharsets.UTF_8));
      String forwarded = nextRequest(edge, "INVITE");
      assertNotNull(forwarded, "the INVITE did not come to the first Path URI");
      assertTrue(forwarded.startsWith("INVITE sip:pathed@192.0.2.40:5060 SIP/2.0\r\n"), forwarded);
      assertEquals(List.of(path), values(forwarded, "Route"), forwarded);
      edge.send(answer(forwarded, 486, "Busy Here").getBytes(StandardCharsets.UTF_8));
      assertEquals(486, SipProbe.status(caller.finalAnswer("flow-path-inv")));
    }
  }

  /**
   * RFC 5626 §5.3: a UA that registered over TCP, and listens nowhere, gets its INVITE on the
   * connection it registered on; once that connection is gone its outbound binding is 430.
   */
  @Test
  void aTcpContactIsReachedOnItsConnectionAndFailsWithIt() throws Exception {
    int nowhere;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nowhere = s.getLocalPort(); // closed again: nothing listens at the contact
    }
    String contact = "Contact: <sip:tcpua@127.0.0.1:" + nowhere
        + ";transport=tcp>;reg-id=1;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\"";
    try (SipProbe caller = new SipProbe(node.udp())) {
      try (Socket ua = new Socket()) {
        ua.connect(node.tcp(), 5000);
        ua.setSoTimeout(5000);
        StreamReader in = new StreamReader(ua.getInputStream());
        ua.getOutputStream().write(register("tcpua", "SIP/2.0/TCP 127.0.0.1:" + nowhere, "flow-tcp",
            "Supported: path, outbound", contact).getBytes(StandardCharsets.UTF_8));
        String ok = in.next();
        assertNotNull(ok, "no answer to REGISTER");
        assertEquals(200, SipProbe.status(ok), ok);
        assertEquals(List.of("outbound"), values(ok, "Require"), "RFC 5626 §6");
        assertTrue(values(ok, "Contact").get(0).contains("reg-id=1"), ok);

        caller.send(invite(caller, "tcpua", "flow-tcp-inv").getBytes(StandardCharsets.UTF_8));
        String forwarded = in.next();
        assertNotNull(forwarded, "the INVITE did not come on the REGISTER's connection");
        assertTrue(forwarded.startsWith("INVITE sip:tcpua@127.0.0.1:" + nowhere + ";transport=tcp SIP/2.0"),
            forwarded);
        assertTrue(forwarded.contains("\r\nVia: SIP/2.0/TCP "), "Via names the transport it went on: " + forwarded);
        ua.getOutputStream().write(answer(forwarded, 486, "Busy Here").getBytes(StandardCharsets.UTF_8));
        assertEquals(486, SipProbe.status(caller.finalAnswer("flow-tcp-inv")));
      }
      // the connection is closed now; the node notices it on its own schedule
      String failed = null;
      for (int i = 0; i < 50 && failed == null; i++) {
        caller.send(invite(caller, "tcpua", "flow-tcp-gone-" + i).getBytes(StandardCharsets.UTF_8));
        String answer = caller.finalAnswer("flow-tcp-gone-" + i);
        assertNotNull(answer, "no final answer; skipped " + caller.skipped());
        if (SipProbe.status(answer) == 430) {
          failed = answer;
        } else {
          Thread.sleep(100);
        }
      }
      assertNotNull(failed, "never 430 Flow Failed after the connection closed");
    }
  }

  /** Reads SIP messages off a stream, framed by Content-Length (every one here has 0 or one). */
  static final class StreamReader {
    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    StreamReader(InputStream in) {
      this.in = in;
    }

    /** The next message, or null at end of stream or timeout. */
    String next() throws IOException {
      byte[] chunk = new byte[4096];
      while (true) {
        String text = buffer.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end >= 0) {
          Matcher m = Pattern.compile("(?im)^(?:Content-Length|l)[ \\t]*:[ \\t]*(\\d+)").matcher(text.substring(0, end));
          int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
          int total = end + 4 + length;
          if (text.length() >= total) {
            String message = text.substring(0, total);
            byte[] rest = text.substring(total).getBytes(StandardCharsets.UTF_8);
            buffer.reset();
            buffer.write(rest);
            String trimmed = message.stripLeading();
            if (trimmed.isEmpty()) {
              continue;
            }
            return trimmed;
          }
        }
        int n;
        try {
          n = in.read(chunk);
        } catch (SocketTimeoutException e) {
          return null;
        }
        if (n < 0) {
          return null;
        }
        buffer.write(chunk, 0, n);
      }
    }
  }

}
