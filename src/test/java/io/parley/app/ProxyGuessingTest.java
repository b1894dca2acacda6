package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DigestAlgorithm;
import io.parley.registrar.DigestUa;
import java.net.InetAddress;
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
      String nonce = DigestUa.nonceIn(TestInvite.of(target, "guess").answerFrom(attacker));
      int refused = 0;
      for (int i = 0; i < 3 * MAX_PER_SOURCE; i++) {
        String answer = TestInvite.of(target, "guess").cseq(2 + i).credentials(credentials(target, "guess" + i, nonce))
            .sendFrom(attacker);
        if (answer == null) {
          break;
        }
        assertEquals(407, SipProbe.status(answer), answer);
        nonce = DigestUa.nonceIn(answer);
        refused++;
      }
      assertTrue(refused >= 1 && refused <= MAX_PER_SOURCE, "guesses answered before the ban: " + refused);
      assertNull(TestInvite.of(target, "after-ban").sendFrom(attacker), "a banned source is not even challenged");
      assertTrue(node.node.authStats().bans() >= 1, node.node.authStats().toString());

      try (SipProbe alice = new SipProbe(node.udp(), InetAddress.getByName("127.0.0.2"))) {
        String challenge = TestInvite.of(target, "real").answerFrom(alice);
        assertEquals(407, SipProbe.status(challenge), challenge);
        String answer = TestInvite.of(target, "real").cseq(2)
            .credentials(credentials(target, "alicepw", DigestUa.nonceIn(challenge))).answerFrom(alice);
        assertEquals(480, SipProbe.status(answer), "forwarded, and the far end's 480 comes back: " + answer);
      }
    }
  }

  private static String credentials(String uri, String password, String nonce) {
    return DigestUa.authorization("INVITE", DigestAlgorithm.MD5, "alice", password, "example.com", nonce, uri, 1);
  }
}
