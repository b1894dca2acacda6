package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * NAT keepalives through a running node over real UDP (issue 13): a UA behind a NAT (its Via
 * names a port other than its source, parley.nat.detect's via-port) is sent an OPTIONS every
 * interval through the socket its REGISTER came in on, to the address it came from; while it
 * answers it stays registered, and once it has left max-missed pings unanswered its binding is
 * removed. A UA not behind a NAT is never pinged. With parley.nat.fix-contact on, the Contact of
 * a NATed party reaches the other rewritten to its public address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatKeepaliveTest {
  private TestNode node;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.registrar.authenticate = off
        parley.proxy.authenticate = off
        parley.nat.keepalive-interval = 1s
        parley.nat.max-missed = 2
        parley.nat.fix-contact = on
        """);
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  static String register(String user, int viaPort, String callId, int cseq) {
    return "REGISTER sip:example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + viaPort + ";branch=z9hG4bK-ka-" + callId + cseq + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <sip:" + user + "@example.com>\r\n"
        + "From: <sip:" + user + "@example.com>;tag=f" + cseq + "\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: " + cseq + " REGISTER\r\n"
        + "Contact: <sip:" + user + "@127.0.0.1:" + viaPort + ">\r\n"
        + "Expires: 3600\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  private static String invite(SipProbe caller, String user, String callId) {
    return "INVITE sip:" + user + "@example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + caller.localPort() + ";branch=z9hG4bK-kainv-" + callId + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <sip:" + user + "@example.com>\r\n"
        + "From: <sip:caller@example.com>;tag=c1\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: 1 INVITE\r\n"
        + "Contact: <sip:caller@127.0.0.1:" + caller.localPort() + ">\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  /** The next OPTIONS the probe receives, skipping anything else; null if none comes in time. */
  private static String nextOptions(SipProbe probe) throws IOException {
    for (String m; (m = probe.receive()) != null; ) {
      if (m.startsWith("OPTIONS ")) {
        return m;
      }
    }
    return null;
  }

  private long keepalives(String outcome) {
    FunctionCounter c = node.node.meterRegistry().find("parley.nat.keepalives").tag("outcome", outcome)
        .functionCounter();
    assertNotNull(c, "parley_nat_keepalives_total{outcome=" + outcome + "} is not registered");
    return (long) c.count();
  }

  private static int closedUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aNatedPhoneIsPingedWhileItAnswersAndRemovedWhenItStops() throws Exception {
    int inside = closedUdpPort();
    try (SipProbe phone = new SipProbe(node.udp()).timeout(4000).seeKeepalives();
        SipProbe caller = new SipProbe(node.udp())) {
      phone.send(register("natka", inside, "ka-reg", 1).getBytes(StandardCharsets.UTF_8));
      assertEquals(200, SipProbe.status(phone.finalAnswer("ka-reg")));

      for (int i = 0; i < 3; i++) {
        String options = nextOptions(phone);
        assertNotNull(options, "no keepalive within 4 s of a 1 s interval (ping " + (i + 1) + ")");
        assertTrue(options.startsWith("OPTIONS sip:natka@127.0.0.1:" + inside + " SIP/2.0\r\n"),
            "the contact as registered is the Request-URI: " + options);
        String sentBy = node.udp().getAddress().getHostAddress() + ":" + node.udp().getPort();
        assertTrue(options.contains("Via: SIP/2.0/UDP " + sentBy + ";branch=z9hG4bKpka"),
            "the Via names the socket the REGISTER came in on: " + options);
        phone.send(RegistrarFlowTest.answer(options, 200, "OK").getBytes(StandardCharsets.UTF_8));
      }
      long until = System.nanoTime() + 5_000_000_000L; // the last answer is on its way
      while (keepalives("answered") < 3 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertEquals(3, keepalives("answered"));
      Gauge pinged = node.node.meterRegistry().find("parley.nat.keepalive.bindings").gauge();
      assertEquals(1.0, pinged.value(), "one NATed binding pinged");

      // the phone goes quiet: two pings unanswered, and at the third it is given up
      long deadline = System.nanoTime() + 10_000_000_000L;
      FunctionCounter removed = node.node.meterRegistry().find("parley.nat.keepalive.removed").functionCounter();
      while (removed.count() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(1.0, removed.count(), "the binding was not given up within 10 s");
      assertTrue(keepalives("missed") >= 2);

      // no binding is left: a call to it finds nobody
      caller.send(invite(caller, "natka", "ka-inv").getBytes(StandardCharsets.UTF_8));
      assertEquals(404, SipProbe.status(caller.finalAnswer("ka-inv")), "the AOR has no binding left");
      assertEquals(0.0, pinged.value(), "nobody left to ping");
    }
  }

  @Test
  void aPhoneNotBehindANatIsNeverPinged() throws Exception {
    try (SipProbe phone = new SipProbe(node.udp()).timeout(3000).seeKeepalives()) {
      phone.send(register("direct", phone.localPort(), "ka-direct", 1).getBytes(StandardCharsets.UTF_8));
      assertEquals(200, SipProbe.status(phone.finalAnswer("ka-direct")));
      assertNull(nextOptions(phone), "a UA whose Via is its source is reached at its contact, and not pinged");
    }
  }

  /**
   * parley.nat.fix-contact: a caller behind a NAT reaches the callee with its Contact rewritten to
   * its source; the 200 of a callee registered from behind a NAT reaches the caller with its
   * Contact rewritten to the source of its REGISTER. Parameters stay.
   */
  @Test
  void withFixContactEachNatedPartysContactIsItsPublicAddress() throws Exception {
    int callerInside = closedUdpPort();
    int calleeInside = closedUdpPort();
    try (SipProbe callee = new SipProbe(node.udp()); SipProbe caller = new SipProbe(node.udp())) {
      callee.send(register("fixcallee", calleeInside, "fix-reg", 1).getBytes(StandardCharsets.UTF_8));
      assertEquals(200, SipProbe.status(callee.finalAnswer("fix-reg")));
      String invite = "INVITE sip:fixcallee@example.com SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP 127.0.0.1:" + callerInside + ";branch=z9hG4bK-fixinv;rport\r\n"
          + "Max-Forwards: 70\r\n"
          + "To: <sip:fixcallee@example.com>\r\n"
          + "From: <sip:caller@example.com>;tag=c1\r\n"
          + "Call-ID: fix-inv\r\n"
          + "CSeq: 1 INVITE\r\n"
          + "Contact: <sip:caller@127.0.0.1:" + callerInside + ";transport=udp>\r\n"
          + "Content-Length: 0\r\n\r\n";
      caller.send(invite.getBytes(StandardCharsets.UTF_8));
      String forwarded = null;
      for (String m; (m = callee.receive()) != null; ) {
        if (m.startsWith("INVITE ")) {
          forwarded = m;
          break;
        }
      }
      assertNotNull(forwarded, "the INVITE did not reach the callee");
      assertTrue(forwarded.contains("Contact: <sip:caller@127.0.0.1:" + caller.localPort() + ";transport=udp>\r\n"),
          "the caller's Contact is its source: " + forwarded);
      String ok = RegistrarFlowTest.answer(forwarded, 200, "OK")
          .replace("Content-Length: 0", "Contact: <sip:fixcallee@127.0.0.1:" + calleeInside + ">\r\nContent-Length: 0");
      callee.send(ok.getBytes(StandardCharsets.UTF_8));
      String answer = caller.finalAnswer("fix-inv");
      assertEquals(200, SipProbe.status(answer), answer);
      assertTrue(answer.contains("Contact: <sip:fixcallee@127.0.0.1:" + callee.localPort() + ">\r\n"),
          "the callee's Contact is the source of its REGISTER: " + answer);
    }
  }
}
