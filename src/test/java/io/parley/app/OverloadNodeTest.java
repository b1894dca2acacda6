package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.admin.PrometheusText;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Overload control on a real node (parley.limits.max-receive-delay, here its least, 10 ms): a
 * burst of OPTIONS queues in the UDP socket, and the new INVITEs and REGISTERs read behind it
 * are answered 503 with Retry-After before any other work, counted in /metrics, while an
 * in-dialog request behind the same queue is not refused; once the queue has drained the node
 * takes new calls and registrations again.
 */
class OverloadNodeTest {
  private static final int BURST = 20_000;

  /** A request out of any dialog from the phone at {@code port}: what would open new work. */
  private static String fresh(String method, String uri, String from, String to, int port, String callId) {
    return method + " " + uri + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-" + callId + ";rport\r\n"
        + "Max-Forwards: 70\r\nFrom: <" + from + ">;tag=t1\r\nTo: <" + to + ">\r\n"
        + "Call-ID: " + callId + "\r\nCSeq: 1 " + method + "\r\nContact: <sip:alice@127.0.0.1:" + port + ">\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  private static String invite(int port, String callId) {
    return fresh("INVITE", "sip:bob@example.com", "sip:alice@elsewhere.test", "sip:bob@example.com", port, callId);
  }

  private static String register(int port, String callId) {
    return fresh("REGISTER", "sip:example.com", "sip:alice@example.com", "sip:alice@example.com", port, callId);
  }

  private static String bye(int port, String callId) {
    return "BYE sip:bob@127.0.0.1:9 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-" + callId + ";rport\r\n"
        + "Max-Forwards: 70\r\nFrom: <sip:alice@elsewhere.test>;tag=a1\r\nTo: <sip:bob@example.com>;tag=b1\r\n"
        + "Call-ID: " + callId + "\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
  }

  private static void send(DatagramSocket socket, InetSocketAddress node, String message) throws Exception {
    byte[] b = message.getBytes(StandardCharsets.UTF_8);
    socket.send(new DatagramPacket(b, b.length, node));
  }

  /** Status codes of the answers that come within {@code millis} of silence, by Call-ID. */
  private static Map<String, Integer> answers(DatagramSocket socket, int millis) throws Exception {
    Map<String, Integer> byCallId = new HashMap<>();
    socket.setSoTimeout(millis);
    byte[] buf = new byte[65_536];
    while (true) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        return byCallId;
      }
      String m = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
      if (!m.startsWith("SIP/2.0 ")) {
        continue;
      }
      int status = Integer.parseInt(m.substring(8, 11));
      java.util.regex.Matcher id = java.util.regex.Pattern.compile("(?m)^Call-ID: (\\S+)").matcher(m);
      if (id.find() && status >= 200) {
        byCallId.put(id.group(1), status);
      }
      if (status == 503) {
        assertTrue(m.contains("\r\nRetry-After: "), "a 503 without Retry-After: " + m);
      }
    }
  }

  @Test
  void refusesNewWorkWhileBehindKeepsInDialogRequestsAndRecovers() throws Exception {
    try (TestNode node = TestNode.start("""
            parley.domains = ["example.com"]
            parley.auth.secret = "a-test-secret-of-enough-length"
            parley.flood.enabled = false
            parley.limits.max-receive-delay = 10ms
            """);
        DatagramSocket flood = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        DatagramSocket phone = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      InetSocketAddress sip = node.udp();
      ManagementHttp http = new ManagementHttp(node);
      int port = phone.getLocalPort();
      String options = "OPTIONS sip:127.0.0.1:" + sip.getPort() + " SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP 127.0.0.1:" + flood.getLocalPort() + ";branch=z9hG4bK-flood\r\n"
          + "Max-Forwards: 70\r\nFrom: <sip:flood@elsewhere.test>;tag=f\r\nTo: <sip:127.0.0.1>\r\n"
          + "Call-ID: flood\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

      Map<String, Integer> behind = new HashMap<>();
      int rounds = 0;
      while (rounds < 5 && !(behind.containsValue(503) && behind.entrySet().stream()
          .anyMatch(e -> e.getKey().startsWith("reg") && e.getValue() == 503))) {
        rounds++;
        for (int i = 0; i < BURST; i++) {
          send(flood, sip, options);
        }
        for (int i = 0; i < 20; i++) {
          send(phone, sip, invite(port, "inv-" + rounds + "-" + i));
          send(phone, sip, register(port, "reg-" + rounds + "-" + i));
        }
        send(phone, sip, bye(port, "bye-" + rounds));
        behind.putAll(answers(phone, 2000));
      }
      assertTrue(behind.entrySet().stream().anyMatch(e -> e.getKey().startsWith("inv") && e.getValue() == 503),
          "no INVITE refused behind " + rounds + " bursts: " + behind);
      assertTrue(behind.entrySet().stream().anyMatch(e -> e.getKey().startsWith("reg") && e.getValue() == 503),
          "no REGISTER refused behind " + rounds + " bursts: " + behind);
      behind.forEach((callId, status) -> {
        if (callId.startsWith("bye")) {
          assertFalse(status == 503, "an in-dialog request was refused: " + behind);
        }
      });

      PrometheusText m = PrometheusText.parse(http.send("GET", "/metrics", null).body());
      assertTrue(m.value("parley_proxy_requests_refused_total", "why", "overload") >= 1, "not counted");
      assertTrue(m.value("parley_registrar_overloaded_total") >= 1, "REGISTERs refused not counted");
      assertTrue(m.families().containsKey("parley_sip_receive_delay_seconds"), "the wait is not shown");
      assertTrue(m.families().containsKey("parley_overload_share"), "the share is not shown");

      // drained: new work is taken again (the INVITE to an unregistered user: 404 or 480; the
      // REGISTER: challenged)
      Thread.sleep(1000);
      send(phone, sip, invite(port, "after-inv"));
      send(phone, sip, register(port, "after-reg"));
      Map<String, Integer> after = answers(phone, 3000);
      assertTrue(after.containsKey("after-inv") && after.get("after-inv") != 503, "INVITE after: " + after);
      assertEquals(401, after.get("after-reg"), "REGISTER after: " + after);
      assertEquals(1.0, PrometheusText.parse(http.send("GET", "/metrics", null).body()).value("parley_overload_share"),
          "all new work is taken again");
    }
  }
}
