package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DigestAlgorithm;
import io.parley.registrar.DigestUa;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy authentication through a running node over UDP (RFC 3261 §22.3): two digest-registered
 * SIPp UAs call each other by address-of-record, the caller answering the proxy's 407; a caller
 * whose credentials are not the From's user gets 403; a request from a foreign domain to a foreign
 * domain gets 403 (no open relay), one to our user is not challenged. SIPp 3.6 answers MD5
 * challenges only, so the node challenges with MD5 alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyAuthSippTest {
  private TestNode node;
  private int sequence;
  @TempDir Path dir;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        """);
    node.node.subscriberRepository().add("alice", "example.com", "alicepw");
    node.node.subscriberRepository().add("bob", "example.com", "bobpw");
    node.node.subscriberCache().refresh();
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  /** bob registers and answers; alice registers, calls sip:bob@example.com, answers the 407. */
  @Test
  void twoRegisteredUasCallEachOtherByAor() throws Exception {
    Sipp.require();
    int bobPort = freeUdpPort();
    register("bob", "bobpw", bobPort);
    register("alice", "alicepw", freeUdpPort());
    Sipp bob = Sipp.uas("uas_answer", bobPort).expect(3).start(dir, 60);
    // the digest-uri is the INVITE's Request-URI (RFC 3261 §22.4)
    Sipp alice = Sipp.uac("uac_call_auth", node.udp(), "bob").auth("alice", "alicepw", "bob@example.com")
        .calls(3, 10).start(dir, 60);
    Sipp.assertCompleted(alice, bob);
    // SIPp as it comes: its digest-uri is "sip:" and the server's address, not the Request-URI
    Sipp bobAgain = Sipp.uas("uas_answer", bobPort).expect(1).start(dir, 60);
    Sipp asItComes = Sipp.uac("uac_call_auth", node.udp(), "bob").auth("alice", "alicepw").calls(1, 1).start(dir, 60);
    Sipp.assertCompleted(asItComes, bobAgain);
  }

  private void register(String user, String password, int contactPort) throws Exception {
    Sipp register = Sipp.uac("uac_register_digest", node.udp(), user)
        .key("contact_port", String.valueOf(contactPort)).auth(user, password).calls(1, 1)
        .start(dir, 30);
    assertTrue(register.succeeded(60), user + "'s registration:\n" + register.output());
  }

  /** alice proves she is alice, but the From says bob: 403, after the 407 that asked. */
  @Test
  void credentialsOfAnotherUserThanTheFromAreForbidden() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      String challenge = invite(probe, "bob", "sip:carol@example.com", "mismatch-1", null);
      assertEquals(407, SipProbe.status(challenge), challenge);
      assertTrue(challenge.contains("Proxy-Authenticate: Digest realm=\"example.com\""), challenge);
      String credentials = DigestUa.authorization("INVITE", DigestAlgorithm.MD5, "alice", "alicepw", "example.com",
          DigestUa.nonceIn(challenge), "sip:carol@example.com", 1);
      String answer = invite(probe, "bob", "sip:carol@example.com", "mismatch-2", credentials);
      assertEquals(403, SipProbe.status(answer), answer);
      assertFalse(answer.contains("Proxy-Authenticate"), answer);
    }
  }

  @Test
  void foreignToForeignIsRefused() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      String answer = invite(probe, "mallory@example.org", "sip:dave@example.net", "relay-1", null);
      assertEquals(403, SipProbe.status(answer), answer);
    }
  }

  /** A foreign caller reaches our domain unchallenged: nobody by that name here, so 404. */
  @Test
  void foreignToOursIsNotChallenged() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      String answer = invite(probe, "carol@example.org", "sip:nobody@example.com", "inbound-1", null);
      assertEquals(404, SipProbe.status(answer), answer);
    }
  }

  /** An INVITE from {@code from} (a user of example.com, or user@domain) to {@code uri}. */
  private String invite(SipProbe probe, String from, String uri, String callId, String credentials)
      throws Exception {
    sequence++;
    String fromUri = from.contains("@") ? from : from + "@example.com";
    String s = "INVITE " + uri + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + probe.localPort() + ";branch=z9hG4bK-pa-" + sequence + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <" + uri + ">\r\n"
        + "From: <sip:" + fromUri + ">;tag=pa" + sequence + "\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: " + sequence + " INVITE\r\n"
        + "Contact: <sip:probe@127.0.0.1:" + probe.localPort() + ">\r\n"
        + (credentials == null ? "" : "Proxy-Authorization: " + credentials + "\r\n")
        + "Content-Length: 0\r\n\r\n";
    probe.send(s.getBytes(StandardCharsets.UTF_8));
    String answer = probe.finalAnswer(callId);
    assertNotNull(answer, "no final answer to INVITE; skipped " + probe.skipped());
    return answer;
  }

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
