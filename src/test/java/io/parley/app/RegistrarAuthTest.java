package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DigestAlgorithm;
import io.parley.registrar.DigestUa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Digest authentication of REGISTER through a running node (RFC 3261 §10.3 steps 3, 4, §22.4;
 * RFC 7616, RFC 8760), against subscribers in the node's database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrarAuthTest {
  private TestNode node;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        """);
    node.node.subscriberRepository().add("bob", "example.com", "bobpw");
    node.node.subscriberRepository().add("alice", "example.com", "alicepw");
    node.node.subscriberCache().refresh();
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  /** A REGISTER for {@code user}@example.com, with these credentials (null: none). */
  private static String register(SipProbe probe, String user, String callId, int cseq, String authorization)
      throws Exception {
    return TestRegister.of(user, "example.com", callId).cseq(cseq).authorization(authorization).sendFrom(probe);
  }

  @Test
  void aChallengedRegisterSucceedsWithTheRightCredentials() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      String challenge = register(probe, "bob", "auth-bob", 1, null);
      assertEquals(401, SipProbe.status(challenge), challenge);
      assertTrue(challenge.contains("WWW-Authenticate: Digest realm=\"example.com\""), challenge);
      String nonce = DigestUa.nonceIn(challenge);
      String ok = register(probe, "bob", "auth-bob", 2, DigestUa.authorization(DigestAlgorithm.SHA_256, "bob", "bobpw",
          "example.com", nonce, "sip:example.com", 1));
      assertEquals(200, SipProbe.status(ok), ok);
      assertTrue(ok.contains("Contact: <sip:bob@192.0.2.20:5060>;expires="), ok);

      String wrong = register(probe, "bob", "auth-bob", 3, DigestUa.authorization(DigestAlgorithm.MD5, "bob", "guess",
          "example.com", nonce, "sip:example.com", 2));
      assertEquals(401, SipProbe.status(wrong), wrong);
    }
  }

  /** RFC 3261 §10.3 step 4: alice may not register bob's address-of-record. */
  @Test
  void anotherSubscribersAorIsForbidden() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      String nonce = DigestUa.nonceIn(register(probe, "bob", "auth-alice", 1, null));
      String answer = register(probe, "bob", "auth-alice", 2, DigestUa.authorization(DigestAlgorithm.MD5, "alice",
          "alicepw", "example.com", nonce, "sip:example.com", 1));
      assertEquals(403, SipProbe.status(answer), answer);
    }
  }

  /**
   * The registrar keeps no transaction state (RFC 3261 §8.2.7), so a retransmitted REGISTER is
   * processed again: the very same request (same branch, Call-ID, CSeq and nonce count) gets its
   * 200 again, while the same nonce count in another request is a replay, challenged again.
   */
  @Test
  void aRetransmittedRegisterIsAnsweredAgainAndAReplayIsNot() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      String nonce = DigestUa.nonceIn(register(probe, "bob", "auth-retx", 1, null));
      String credentials = DigestUa.authorization(DigestAlgorithm.MD5, "bob", "bobpw", "example.com", nonce,
          "sip:example.com", 1);
      TestRegister register = TestRegister.of("bob", "example.com", "auth-retx").cseq(2).authorization(credentials);
      byte[] request = register.branch("z9hG4bK-retx-1").bytes(probe);
      probe.send(request);
      String first = probe.finalAnswer("auth-retx");
      assertEquals(200, SipProbe.status(first), first);
      probe.send(request);
      String again = probe.finalAnswer("auth-retx");
      assertEquals(200, SipProbe.status(again), again);
      assertTrue(again.contains("Contact: <sip:bob@192.0.2.20:5060>;expires="), again);

      String replay = register.branch("z9hG4bK-retx-2").sendFrom(probe);
      assertEquals(401, SipProbe.status(replay), replay);
    }
  }

}
