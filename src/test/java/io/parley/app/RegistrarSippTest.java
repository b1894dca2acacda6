package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIPp's own digest client against the registrar (RFC 3261 §10.3, §22.4, qop=auth), then a call
 * to the AOR it registered. SIPp 3.6 answers MD5 challenges only, so the node challenges with MD5
 * alone here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrarSippTest {
  private TestNode node;
  @TempDir Path dir;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        # the caller is no subscriber: ProxyAuthSippTest covers calls by authenticated callers
        parley.proxy.authenticate = off
        """);
    node.node.subscriberRepository().add("bob", "example.com", "bobpw");
    node.node.subscriberCache().refresh();
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @BeforeEach
  void needsSipp() {
    Sipp.require();
  }

  @Test
  void aDigestRegisteredCalleeIsCalled() throws Exception {
    int uasPort;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      uasPort = s.getLocalPort();
    }
    Sipp register = Sipp.uac("uac_register_digest", node.udp(), "bob").key("contact_port", String.valueOf(uasPort))
        .auth("bob", "bobpw").calls(1, 1).start(dir, 30);
    assertTrue(register.succeeded(60), "registration:\n" + register.output());
    Sipp uas = Sipp.uas("uas_answer", uasPort).expect(3).start(dir, 60);
    Sipp uac = Sipp.uac("uac_call", node.udp(), "bob").calls(3, 10).start(dir, 60);
    try {
      assertTrue(uac.succeeded(120), "caller:\n" + uac.output());
      assertTrue(uas.succeeded(60), "callee:\n" + uas.output());
    } finally {
      uac.kill();
      uas.kill();
    }
  }
}
