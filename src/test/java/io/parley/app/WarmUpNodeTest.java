package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A real node with its warm-up on (parley.warm-up): until the warm-up is over it answers nobody
 * else and is not ready; its phones registered and called through its own socket; then it takes
 * traffic (its flood limits untouched by the warm-up's hundreds of requests from 127.0.0.1), and
 * nothing of the warm-up is left: no binding, no CDR, no served warm-up domain.
 */
class WarmUpNodeTest {

  private static byte[] register(SipProbe probe, String domain) {
    return ("REGISTER sip:" + domain + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP " + probe.localHost() + ":" + probe.localPort() + ";branch=z9hG4bKreg1\r\n"
        + "Max-Forwards: 70\r\nFrom: <sip:w0-0@" + domain + ">;tag=1\r\nTo: <sip:w0-0@" + domain + ">\r\n"
        + "Call-ID: reg1\r\nCSeq: 1 REGISTER\r\nContact: <sip:x@" + probe.localHost() + ":" + probe.localPort() + ">\r\n"
        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void takesNoTrafficUntilWarmAndLeavesNothingBehind() throws Exception {
    try (TestNode node = TestNode.start("""
            parley.domains = ["example.com"]
            parley.auth.secret = "a-test-secret-of-enough-length"
            parley.warm-up.duration = 3s
            parley.warm-up.phones = 2
            """);
        SipProbe probe = new SipProbe(node.udp())) {
      int port = node.node.managementUri().getPort();
      probe.timeout(500);
      probe.send(probe.options(70).getBytes(StandardCharsets.UTF_8));
      assertNull(probe.receive(), "answered while warming up");
      assertEquals(503, RawHttp.exchange(port, "GET", "/ready", null).status(), "ready while warming up");

      long deadline = System.nanoTime() + 60_000_000_000L;
      while (RawHttp.exchange(port, "GET", "/ready", null).status() != 200) {
        assertTrue(System.nanoTime() < deadline, "not ready 60 s after the start");
        Thread.sleep(100);
      }
      probe.timeout(5000);
      probe.send(probe.options(70).getBytes(StandardCharsets.UTF_8));
      String answer = probe.finalAnswer("probe-2@127.0.0.1");
      assertEquals(200, SipProbe.status(answer), "OPTIONS after the warm-up: " + answer);

      JsonNode stats = RawHttp.exchange(port, "GET", "/stats", null).json();
      JsonNode received = stats.path("requests").path("received");
      assertTrue(received.path("INVITE").asLong() >= 10, "the phones called: " + stats);
      assertTrue(received.path("REGISTER").asLong() >= 20, "the phones registered: " + stats);
      assertTrue(received.path("BYE").asLong() >= 5, "and hung up: " + stats);
      assertTrue(stats.path("drops").path("not_taken").asLong() >= 1, "the early OPTIONS counted: " + stats);
      assertEquals(0, stats.path("registrations").path("contacts").asLong(), "the phones unregistered: " + stats);

      JsonNode cdrs = RawHttp.exchange(port, "GET", "/cdrs", null).json();
      assertEquals(0, cdrs.path("cdrs").size(), "the warm-up's calls wrote CDRs: " + cdrs);

      probe.send(register(probe, WarmUp.DOMAIN));
      int status = SipProbe.status(probe.finalAnswer("reg1"));
      assertTrue(status == 403 || status == 404, "the warm-up's domain is still served: " + status);
    }
  }
}
