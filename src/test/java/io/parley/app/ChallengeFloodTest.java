package io.parley.app;

import static io.parley.app.SipProbe.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DigestAlgorithm;
import io.parley.registrar.DigestUa;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's memory flood, over real UDP: INVITEs from one of our users that never answer the 407
 * challenge, at about 6,000 a second. The challenge costs no state, so no call entity lives for
 * them; the node keeps answering OPTIONS, and a real call placed during the flood goes through.
 * Flood protection is off here, so that what is tested is the statelessness, not the ban. (The
 * heap curve of the same flood on a 512 MB node is a benchmark: bench/flood.py.)
 */
class ChallengeFloodTest {
  private static final int RATE = 6_000;
  private static final long FLOOD_MILLIS = 8_000;

  @Test
  void unansweredChallengesCostNoCallState() throws Exception {
    try (TestNode node = TestNode.start("""
            parley.domains = ["example.com"]
            parley.flood.enabled = false
            """);
        SipProbe probe = new SipProbe(node.udp());
        RespondingSink bobPhone = new RespondingSink()) {
      node.node.subscriberRepository().add("alice", "example.com", "alicepw");
      node.node.subscriberRepository().add("bob", "example.com", "bobpw");
      node.node.subscriberCache().refresh();
      TestRegister.registerWithDigest(probe, "bob", "bobpw", "example.com",
          "<sip:bob@127.0.0.1:" + bobPhone.port() + ">");

      AtomicBoolean flooding = new AtomicBoolean(true);
      AtomicLong sent = new AtomicLong();
      Thread flood = new Thread(() -> flood(node.udp(), flooding, sent), "flood");
      flood.start();
      int maxLive = 0;
      int options = 0;
      boolean called = false;
      long end = System.currentTimeMillis() + FLOOD_MILLIS;
      try {
        while (System.currentTimeMillis() < end) {
          probe.send(probe.options(70).getBytes(StandardCharsets.US_ASCII));
          String answer = probe.finalAnswer("probe-" + ++options + "@127.0.0.1");
          assertNotNull(answer, "OPTIONS " + options + " unanswered during the flood");
          assertEquals(200, status(answer));
          maxLive = Math.max(maxLive, node.node.callLoad().live());
          if (!called && System.currentTimeMillis() > end - FLOOD_MILLIS / 2) {
            called = true;
            assertEquals(480, status(authenticatedCall(probe)), "bob's phone answers the call placed in the flood");
          }
          Thread.sleep(200);
        }
      } finally {
        flooding.set(false);
        flood.join();
      }
      assertTrue(sent.get() > RATE * FLOOD_MILLIS / 1000 / 2, "the flood sent only " + sent.get());
      assertTrue(called);
      // the legitimate call's entity at most; none for the challenged INVITEs
      assertTrue(maxLive <= 2, "call entities live during the flood: " + maxLive);
      probe.send(probe.options(70).getBytes(StandardCharsets.US_ASCII));
      assertEquals(200, status(probe.finalAnswer("probe-" + ++options + "@127.0.0.1")), "OPTIONS after the flood");
    }
  }

  /** INVITEs from alice@example.com without credentials, each a new call, about RATE a second. */
  private static void flood(InetSocketAddress node, AtomicBoolean flooding, AtomicLong sent) {
    try (SipProbe flooder = new SipProbe(node)) {
      String contact = "Contact: <sip:alice@127.0.0.1:" + flooder.localPort() + ">";
      long start = System.nanoTime();
      for (int i = 0; flooding.get() && i < RATE * 60; i++) {
        // the answers (407s) pile up unread in the socket's buffer: nothing waits for them
        flooder.send(TestInvite.of("sip:bob@example.com", "flood-" + i + "@127.0.0.1").header(contact).bytes(flooder));
        sent.incrementAndGet();
        long due = start + (i + 1) * 1_000_000_000L / RATE;
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
          Thread.sleep(wait / 1_000_000);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** alice calls bob with her credentials, after the challenge; the final answer. */
  private static String authenticatedCall(SipProbe probe) throws Exception {
    String callId = "real-call@127.0.0.1";
    String challenge = TestInvite.of("sip:bob@example.com", callId).answerFrom(probe);
    assertEquals(407, status(challenge), challenge);
    String credentials = DigestUa.authorization("INVITE", DigestAlgorithm.SHA_256, "alice", "alicepw",
        "example.com", DigestUa.nonceIn(challenge), "sip:bob@example.com", 1);
    return TestInvite.of("sip:bob@example.com", callId).cseq(2).credentials(credentials).answerFrom(probe);
  }
}
