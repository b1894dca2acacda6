package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DomainRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * A domain provisioned in the domain table is served like one of {@code parley.domains} (RFC
 * 3261 §10.3 step 1: the registrar takes REGISTERs for the domains it is responsible for); one in
 * neither is somebody else's, and a request for it from a foreign domain is not relayed.
 */
class ServedDomainsNodeTest {

  @Test
  void aDomainOfTheDomainTableIsServed() throws Exception {
    Path dir = Files.createTempDirectory("parley-domains");
    String url = "jdbc:h2:file:" + dir.toAbsolutePath().toString().replace('\\', '/') + "/parley";
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration/h2").load().migrate();
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    ds.setUser("sa");
    new DomainRepository(ds, Clock.systemUTC()).add("Provisioned.Example");

    try (TestNode node = TestNode.start("""
            parley.domains = ["example.com"]
            parley.sip.timers.t1 = 100ms
            """, dir);
        SipProbe probe = new SipProbe(node.udp())) {
      // RFC 3261 §10.3 step 1: ours, so challenged for its own realm
      String ours = register(probe, "provisioned.example", "d-1");
      assertEquals(401, SipProbe.status(ours), ours);
      assertTrue(ours.contains("realm=\"provisioned.example\""), ours);
      // in neither list: not ours to register, and not relayed for a foreign From
      String other = register(probe, "elsewhere.example", "d-2");
      assertEquals(403, SipProbe.status(other), other);
    }
  }

  private static String register(SipProbe probe, String domain, String callId) throws Exception {
    String request = "REGISTER sip:" + domain + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + probe.localPort() + ";branch=z9hG4bK-" + callId + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <sip:alice@" + domain + ">\r\n"
        + "From: <sip:alice@" + domain + ">;tag=" + callId + "\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: 1 REGISTER\r\n"
        + "Contact: <sip:alice@192.0.2.1>\r\n"
        + "Content-Length: 0\r\n\r\n";
    probe.send(request.getBytes(StandardCharsets.UTF_8));
    String answer = probe.finalAnswer(callId);
    assertNotNull(answer, "no answer; skipped " + probe.skipped());
    return answer;
  }
}
