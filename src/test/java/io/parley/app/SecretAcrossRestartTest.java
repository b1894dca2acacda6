package io.parley.app;

import static io.parley.app.SipProbe.status;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.auth.DigestAlgorithm;
import io.parley.config.ConfigLoader;
import io.parley.registrar.DigestUa;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without {@code parley.auth.secret}, a node restarted on its database signs with the secret it
 * had: a nonce issued before the restart still verifies after it (RFC 7616 §3.3), so a phone is
 * not challenged again, and calls in progress keep their Record-Route proofs.
 */
class SecretAcrossRestartTest {
  @TempDir Path dir;

  private Node start(int port) {
    Config app = ConfigFactory.parseString("""
        parley.domains = ["example.com"]
        parley.sip.listen = ["udp:127.0.0.1:%d"]
        parley.cluster.port = 0
        pekko.management.http.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        parley.storage.jdbc-url = "jdbc:h2:file:%s/parley"
        """.formatted(port, dir.toAbsolutePath().toString().replace('\\', '/')));
    return Node.start(ConfigLoader.layered(app));
  }

  @Test
  void aNonceIssuedBeforeARestartVerifiesAfterIt() throws Exception {
    try (RespondingSink far = new RespondingSink()) {
      String target = "sip:carol@127.0.0.1:" + far.port();
      Node first = start(0);
      int port = first.sipAddresses(io.parley.transport.Transport.UDP).get(0).getPort();
      String nonce;
      try (SipProbe probe = new SipProbe(first.sipAddresses(io.parley.transport.Transport.UDP).get(0))) {
        first.subscriberRepository().add("alice", "example.com", "alicepw");
        first.subscriberCache().refresh();
        String challenge = TestInvite.of(target, "before").answerFrom(probe);
        assertEquals(407, status(challenge), challenge);
        nonce = DigestUa.nonceIn(challenge);
      } finally {
        first.close();
      }
      Node second = start(port);
      try (SipProbe probe = new SipProbe(second.sipAddresses(io.parley.transport.Transport.UDP).get(0))) {
        String credentials = DigestUa.authorization("INVITE", DigestAlgorithm.MD5, "alice", "alicepw", "example.com",
            nonce, target, 1);
        String answer = TestInvite.of(target, "after").credentials(credentials).answerFrom(probe);
        assertEquals(480, status(answer), "the old nonce verified and the call went out: " + answer);
      } finally {
        second.close();
      }
    }
  }
}
