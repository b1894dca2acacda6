package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.admin.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A call through a real node over UDP, answered, ACKed and hung up: once its transactions only
 * wait out their timers (RFC 3261 §17, RFC 6026), the node keeps them as a few fields and its
 * call entity stops. What may still come is answered as the transactions would have: the BYE
 * again gets its 200 again without reaching the callee, the callee's 200 to the INVITE again
 * reaches the caller again, and the INVITE again is absorbed; all counted in /metrics.
 */
class FinishedCallNodeTest {

  /** The callee's answer to {@code request}: its Vias, From, To (tagged), Call-ID, CSeq and Record-Route. */
  private static String answer(String request, int status, String reason, int port) {
    StringBuilder s = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
    for (String line : request.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
          || lower.startsWith("cseq:") || lower.startsWith("record-route:")) {
        s.append(line).append("\r\n");
      } else if (lower.startsWith("to:")) {
        s.append(line).append(lower.contains(";tag=") ? "" : ";tag=callee").append("\r\n");
      }
    }
    return s.append("Contact: <sip:carol@127.0.0.1:").append(port).append(">\r\nContent-Length: 0\r\n\r\n")
        .toString();
  }

  /** A request of the caller's in the dialog, along the route set the 200 gave it (RFC 3261 §12.2.1.1). */
  private static String inDialog(String method, int cseq, String ok, SipProbe caller, int callee, String callId) {
    List<String> routes = new ArrayList<>();
    String to = null;
    for (String line : ok.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("record-route:")) {
        routes.add(0, line.substring(line.indexOf(':') + 1).trim());
      } else if (lower.startsWith("to:")) {
        to = line;
      }
    }
    assertTrue(!routes.isEmpty(), "the node record-routes: " + ok);
    return method + " sip:carol@127.0.0.1:" + callee + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + caller.localPort() + ";branch=z9hG4bK-" + method.toLowerCase(Locale.ROOT)
        + "-" + cseq + ";rport\r\n"
        + "Route: " + String.join(", ", routes) + "\r\n"
        + "Max-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=" + callId.replace('@', '.') + "\r\n"
        + to + "\r\nCall-ID: " + callId + "\r\nCSeq: " + cseq + " " + method + "\r\nContent-Length: 0\r\n\r\n";
  }

  private static String next(SipProbe probe, String startsWith) throws Exception {
    for (String m; (m = probe.receive()) != null; ) {
      if (m.startsWith(startsWith)) {
        return m;
      }
    }
    return null;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aFinishedCallsRetransmissionsAreAnsweredByItsTransactionsFieldsWithoutItsEntity() throws Exception {
    try (SipProbe callee = new SipProbe(new java.net.InetSocketAddress("127.0.0.1", 9))) {
      try (TestNode node = TestNode.start("""
          parley.domains = ["example.com"]
          parley.proxy.authenticate = off
          parley.routing.static = [ { match = "sip:carol@example.com", target = "sip:127.0.0.1:%d" } ]
          """.formatted(callee.localPort()));
          SipProbe caller = new SipProbe(node.udp())) {
        ManagementHttp http = new ManagementHttp(node);
        String callId = "finished-1@127.0.0.1";
        byte[] invite = TestInvite.of("sip:carol@example.com", callId)
            .header("Contact: <sip:alice@127.0.0.1:" + caller.localPort() + ">").bytes(caller);
        caller.send(invite);
        String forwarded = next(callee, "INVITE ");
        assertNotNull(forwarded, "the INVITE reached the callee");
        // the callee answers through the node's address, from its own socket
        byte[] ok = bytes(answer(forwarded, 200, "OK", callee.localPort()));
        callee.sendTo(ok, node.udp());
        String okUpstream = caller.finalAnswer(callId);
        assertNotNull(okUpstream);
        assertTrue(okUpstream.startsWith("SIP/2.0 200 "), okUpstream);

        caller.send(bytes(inDialog("ACK", 1, okUpstream, caller, callee.localPort(), callId)));
        assertNotNull(next(callee, "ACK "), "the ACK reached the callee");
        byte[] bye = bytes(inDialog("BYE", 2, okUpstream, caller, callee.localPort(), callId));
        caller.send(bye);
        String byeForwarded = next(callee, "BYE ");
        assertNotNull(byeForwarded, "the BYE reached the callee");
        callee.sendTo(bytes(answer(byeForwarded, 200, "OK", callee.localPort())), node.udp());
        String byeOk = caller.finalAnswer(callId);
        assertTrue(byeOk != null && byeOk.contains(" BYE\r\n"), "the BYE's 200: " + byeOk);

        // the INVITE's two transactions and the BYE's two wait out Timers L, M, J and K as fields
        PrometheusText m = null;
        for (int i = 0; i < 100; i++) {
          m = PrometheusText.parse(http.send("GET", "/metrics", null).body());
          if (m.value("parley_transactions_finished") == 4 && m.value("parley_calls_live") == 0
              && m.value("parley_transactions_active") == 0) {
            break;
          }
          Thread.sleep(50);
        }
        assertEquals(4, m.value("parley_transactions_finished"));
        assertEquals(0, m.value("parley_calls_live"), "the call entity has stopped");
        assertEquals(0, m.value("parley_transactions_active"), "no transaction actor is left");

        // the caller did not hear the 200 of its BYE: it sends the BYE again, and hears the same 200
        caller.send(bye);
        assertEquals(byeOk, caller.finalAnswer(callId));
        // the callee did not hear the ACK: it sends its 200 again, which the caller hears again
        callee.sendTo(ok, node.udp());
        assertEquals(okUpstream, caller.finalAnswer(callId));
        // the INVITE again: absorbed (RFC 6026 §7.1), neither answered nor forwarded
        caller.send(invite);
        caller.timeout(500);
        callee.timeout(500);
        assertNull(caller.receive());
        assertNull(callee.receive(), "nothing more reached the callee");

        m = PrometheusText.parse(http.send("GET", "/metrics", null).body());
        assertEquals(2, m.value("parley_transactions_finished_matched_total", "result", "resent"));
        assertEquals(1, m.value("parley_transactions_finished_matched_total", "result", "absorbed"));
        assertEquals(0, m.value("parley_calls_live"), "no entity was woken");
      }
    }
  }
}
