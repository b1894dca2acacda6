package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DigestAlgorithm;
import io.parley.registrar.DigestUa;
import java.nio.charset.StandardCharsets;
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
  private int sequence;

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

  private String register(SipProbe probe, String user, String callId, int cseq, String authorization)
      throws Exception {
    sequence++;
    String s = "REGISTER sip:example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + probe.localPort() + ";branch=z9hG4bK-auth-" + sequence + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <sip:" + user + "@example.com>\r\n"
        + "From: <sip:" + user + "@example.com>;tag=a" + sequence + "\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: " + cseq + " REGISTER\r\n"
        + "Contact: <sip:" + user + "@192.0.2.20:5060>\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
        + "Content-Length: 0\r\n\r\n";
    probe.send(s.getBytes(StandardCharsets.UTF_8));
    String answer = probe.finalAnswer(callId);
    assertNotNull(answer, "no answer to REGISTER; skipped " + probe.skipped());
    return answer;
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
      byte[] request = authenticated(probe, "z9hG4bK-retx-1", credentials);
      probe.send(request);
      String first = probe.finalAnswer("auth-retx");
      assertEquals(200, SipProbe.status(first), first);
      probe.send(request);
      String again = probe.finalAnswer("auth-retx");
      assertEquals(200, SipProbe.status(again), again);
      assertTrue(again.contains("Contact: <sip:bob@192.0.2.20:5060>;expires="), again);

      probe.send(authenticated(probe, "z9hG4bK-retx-2", credentials));
      String replay = probe.finalAnswer("auth-retx");
      assertEquals(401, SipProbe.status(replay), replay);
    }
  }

  private static byte[] authenticated(SipProbe probe, String branch, String authorization) {
    return ("REGISTER sip:example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + probe.localPort() + ";branch=" + branch + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <sip:bob@example.com>\r\n"
        + "From: <sip:bob@example.com>;tag=retx\r\n"
        + "Call-ID: auth-retx\r\n"
        + "CSeq: 2 REGISTER\r\n"
        + "Contact: <sip:bob@192.0.2.20:5060>\r\n"
        + "Authorization: " + authorization + "\r\n"
        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
  }
}
