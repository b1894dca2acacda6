package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.auth.DigestAlgorithm;
import io.parley.registrar.DigestUa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code parley.auth.check-digest-uri = request} through a running node: credentials signed for
 * the server's own URI, as SIPp signs them, are refused; signed for the Request-URI they pass
 * (RFC 7616 §3.4.6). The default, which accepts both, is what the SIPp tests run with.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictDigestUriNodeTest {
  private TestNode node;

  @BeforeAll
  void start() {
    node = TestNode.start("parley.auth.check-digest-uri = request");
    node.node.subscriberRepository().add("bob", "example.com", "bobpw");
    node.node.subscriberCache().refresh();
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void onlyTheRequestUriIsAccepted() throws Exception {
    String server = "sip:127.0.0.1:" + node.udp().getPort();
    try (SipProbe probe = new SipProbe(node.udp())) {
      String nonce = DigestUa.nonceIn(register(probe, 1, null));
      String refused = register(probe, 2, DigestUa.authorization(DigestAlgorithm.MD5, "bob", "bobpw", "example.com",
          nonce, server, 1));
      assertEquals(401, SipProbe.status(refused), refused);

      String fresh = DigestUa.nonceIn(refused);
      String ok = register(probe, 3, DigestUa.authorization(DigestAlgorithm.MD5, "bob", "bobpw", "example.com",
          fresh, "sip:example.com", 1));
      assertEquals(200, SipProbe.status(ok), ok);
    }
  }

  private static String register(SipProbe probe, int cseq, String authorization) throws Exception {
    return TestRegister.of("bob", "example.com", "strict-uri").cseq(cseq).authorization(authorization)
        .sendFrom(probe);
  }
}
