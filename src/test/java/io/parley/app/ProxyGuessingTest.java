package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DigestAlgorithm;
import io.parley.registrar.DigestUa;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Password guessing through proxy authentication (RFC 3261 §22.3), over real UDP: INVITEs from
 * alice@example.com with wrong Proxy-Authorization from one address are refused until the address
 * is banned, and then get no answer at all; alice from another address still calls out.
 */
class ProxyGuessingTest {
  private static final int MAX_PER_SOURCE = 5;

  @Test
  void aGuessingSourceIsBannedAndTheRealCallerStillCallsOut() throws Exception {
    try (TestNode node = TestNode.start("""
            parley.domains = ["example.com"]
            parley.auth.failures { max-per-source = %d, max-per-user = 1000 }
            """.formatted(MAX_PER_SOURCE));
        RespondingSink far = new RespondingSink();
        SipProbe attacker = new SipProbe(node.udp()).timeout(2000)) {
      node.node.subscriberRepository().add("alice", "example.com", "alicepw");
      node.node.subscriberCache().refresh();
      String target = "sip:carol@127.0.0.1:" + far.port();
      String nonce = DigestUa.nonceIn(invite(attacker, target, "guess", 1, null));
      int refused = 0;
      for (int i = 0; i < 3 * MAX_PER_SOURCE; i++) {
        String answer = invite(attacker, target, "guess", 2 + i, credentials(target, "guess" + i, nonce));
        if (answer == null) {
          break;
        }
        assertEquals(407, SipProbe.status(answer), answer);
        nonce = DigestUa.nonceIn(answer);
        refused++;
      }
      assertTrue(refused >= 1 && refused <= MAX_PER_SOURCE, "guesses answered before the ban: " + refused);
      assertNull(invite(attacker, target, "after-ban", 1, null), "a banned source is not even challenged");
      assertTrue(node.node.authStats().bans() >= 1, node.node.authStats().toString());

      try (SipProbe alice = new SipProbe(node.udp(), InetAddress.getByName("127.0.0.2"))) {
        String challenge = invite(alice, target, "real", 1, null);
        assertEquals(407, SipProbe.status(challenge), challenge);
        String answer = invite(alice, target, "real", 2, credentials(target, "alicepw", DigestUa.nonceIn(challenge)));
        assertEquals(480, SipProbe.status(answer), "forwarded, and the far end's 480 comes back: " + answer);
      }
    }
  }

  private static String credentials(String uri, String password, String nonce) {
    return DigestUa.authorization("INVITE", DigestAlgorithm.MD5, "alice", password, "example.com", nonce, uri, 1);
  }

  /** Sends an INVITE and returns its final answer, or null when none comes. */
  private static String invite(SipProbe probe, String uri, String callId, int cseq, String credentials)
      throws Exception {
    probe.send(("INVITE " + uri + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + probe.localPort() + ";branch=z9hG4bK-" + callId + "-" + cseq + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:alice@example.com>;tag=" + callId + "\r\n"
        + "To: <" + uri + ">\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: " + cseq + " INVITE\r\n"
        + (credentials == null ? "" : "Proxy-Authorization: " + credentials + "\r\n")
        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    String answer = probe.finalAnswer(callId);
    if (answer != null) {
      assertNotNull(answer.lines().filter(l -> l.startsWith("To:")).findFirst().orElse(null));
    }
    return answer;
  }
}
