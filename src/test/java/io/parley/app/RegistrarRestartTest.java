package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import io.parley.transport.Transport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 3261 §10.2.1 soft state across a restart: a node is stopped and a new one started on the
 * same H2 file; the binding is still there, still routed to, and still expires (AorEntity: a
 * recovered binding lives until its persisted lease, here the granted expiry itself, with
 * {@code lease-factor = 1.0}).
 */
class RegistrarRestartTest {
  /** Long enough for a node to restart within it; short enough to wait for. */
  private static final int EXPIRES = 20;
  private static final long GONE_WITHIN_MILLIS = 90_000;

  @TempDir Path dir;
  private int sequence;

  private Node start() {
    Config app = ConfigFactory.parseString("""
        parley.domains = ["example.com"]
        parley.sip.listen = ["udp:127.0.0.1:0"]
        parley.sip.timers.t1 = 100ms
        parley.registrar.authenticate = off
        parley.proxy.authenticate = off
        parley.registrar.min-expires = 1
        parley.registrar.lease-factor = 1.0
        parley.registrar.wake-settle = 0s
        parley.cluster.port = 0
        pekko.management.http.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        parley.storage.jdbc-url = "jdbc:h2:file:%s/parley"
        """.formatted(dir.toAbsolutePath().toString().replace('\\', '/')));
    return Node.start(ConfigLoader.layered(app));
  }

  private String register(SipProbe probe, String callId, int cseq, String... extra) throws Exception {
    sequence++;
    StringBuilder s = new StringBuilder()
        .append("REGISTER sip:example.com SIP/2.0\r\n")
        .append("Via: SIP/2.0/UDP 127.0.0.1:").append(probe.localPort())
        .append(";branch=z9hG4bK-rs-").append(sequence).append(";rport\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("To: <sip:rita@example.com>\r\n")
        .append("From: <sip:rita@example.com>;tag=rs").append(sequence).append("\r\n")
        .append("Call-ID: ").append(callId).append("\r\n")
        .append("CSeq: ").append(cseq).append(" REGISTER\r\n");
    for (String h : extra) {
      s.append(h).append("\r\n");
    }
    probe.send(s.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8));
    String answer = probe.finalAnswer(callId);
    assertNotNull(answer, "no answer to REGISTER; skipped " + probe.skipped());
    assertEquals(200, SipProbe.status(answer), answer);
    return answer;
  }

  @Test
  void bindingsSurviveARestartAndStillExpire() throws Exception {
    long registeredBefore;
    DatagramSocket callee = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    callee.setSoTimeout(5000);
    String contact = "<sip:rita@127.0.0.1:" + callee.getLocalPort() + ">";
    Node first = start();
    try (SipProbe ua = new SipProbe(first.sipAddresses(Transport.UDP).get(0))) {
      registeredBefore = System.currentTimeMillis();
      String ok = register(ua, "restart-reg", 1, "Contact: " + contact, "Expires: " + EXPIRES);
      assertEquals(1, CallFlow.values(ok, "Contact").size(), ok);
    } finally {
      first.close();
    }

    Node second = start();
    try (SipProbe ua = new SipProbe(second.sipAddresses(Transport.UDP).get(0))) {
      // (a) right after the restart: listed with what is left of its expiry, and routed to
      String list = register(ua, "restart-query", 1);
      List<String> listed = CallFlow.values(list, "Contact");
      assertEquals(1, listed.size(), "the binding did not survive the restart: " + list);
      assertTrue(listed.get(0).startsWith(contact + ";expires="), list);
      long left = Long.parseLong(listed.get(0).replaceAll(".*;expires=(\\d+).*", "$1"));
      assertTrue(left > 0 && left <= EXPIRES, "expires " + left + " beyond what was granted");
      assertEquals(486, SipProbe.status(callThrough(ua, callee)), "the recovered binding is routed to");

      // (b) gone once its expiry has passed, and not before
      long deadline = registeredBefore + GONE_WITHIN_MILLIS;
      long goneAt = -1;
      while (goneAt < 0 && System.currentTimeMillis() < deadline) {
        long asked = System.currentTimeMillis();
        if (CallFlow.values(register(ua, "restart-query", 2 + sequence), "Contact").isEmpty()) {
          goneAt = asked;
        } else {
          Thread.sleep(500);
        }
      }
      assertTrue(goneAt > 0, "the recovered binding never expired");
      assertTrue(goneAt >= registeredBefore + (EXPIRES - 1) * 1000L,
          "the binding went " + (goneAt - registeredBefore) + " ms after it was registered for " + EXPIRES + " s");
    } finally {
      second.close();
      callee.close();
    }
  }

  /** An INVITE to rita from {@code ua}: the callee must get it and answers 486; the final answer. */
  private String callThrough(SipProbe ua, DatagramSocket callee) throws Exception {
    String invite = "INVITE sip:rita@example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + ua.localPort() + ";branch=z9hG4bK-rs-inv;rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <sip:rita@example.com>\r\n"
        + "From: <sip:caller@example.com>;tag=rsc\r\n"
        + "Call-ID: restart-inv\r\n"
        + "CSeq: 1 INVITE\r\n"
        + "Contact: <sip:caller@127.0.0.1:" + ua.localPort() + ">\r\n"
        + "Content-Length: 0\r\n\r\n";
    ua.send(invite.getBytes(StandardCharsets.UTF_8));
    byte[] buf = new byte[65536];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    String received;
    do {
      callee.receive(p); // a timeout fails the test: the INVITE never came
      received = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
    } while (!received.startsWith("INVITE "));
    byte[] busy = RegistrarFlowTest.answer(received, 486, "Busy Here").getBytes(StandardCharsets.UTF_8);
    callee.send(new DatagramPacket(busy, busy.length, p.getSocketAddress()));
    String answer = ua.finalAnswer("restart-inv");
    assertNotNull(answer, "no final answer; skipped " + ua.skipped());
    return answer;
  }
}
