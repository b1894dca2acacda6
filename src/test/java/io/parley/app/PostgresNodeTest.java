package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.admin.AdminServices;
import io.parley.auth.DigestAlgorithm;
import io.parley.auth.IpNetwork;
import io.parley.config.ConfigLoader;
import io.parley.registrar.DigestUa;
import io.parley.transport.Transport;
import org.junit.jupiter.api.Test;

/**
 * A node on PostgreSQL, the store a cluster shares: it creates its schema there itself (the
 * project's Flyway scripts for PostgreSQL, twice, the second time finding nothing to do), a
 * subscriber provisioned through the node authenticates, a trusted peer is stored, and a registration written to the
 * PostgreSQL journal is there again after the node restarts, and listed by {@code GET /registrations}.
 */
class PostgresNodeTest {
  private static final String CONTACT = "<sip:carol@192.0.2.30:5060>";

  @Test
  void aRegistrationOnPostgresqlSurvivesARestart() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      Config config = ConfigLoader.layered(ConfigFactory.parseString("""
          parley.domains = ["example.com"]
          parley.sip.listen = ["udp:127.0.0.1:0"]
          parley.sip.timers.t1 = 100ms
          parley.cluster.port = 0
          pekko.management.http.port = 0
          pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
          parley.storage.jdbc-url = "%s"
          parley.storage.user = "postgres"
          parley.storage.password = ""
          """.formatted(pg.jdbcUrl())));

      Node first = Node.start(config);
      try (SipProbe probe = new SipProbe(first.sipAddresses(Transport.UDP).get(0))) {
        first.subscriberRepository().add("carol", "example.com", "carolpw");
        // the V8 column: a subscriber's own max call duration
        first.subscriberRepository().setMaxCallDuration("carol", "example.com", java.time.Duration.ofSeconds(3));
        first.subscriberCache().refresh();
        assertEquals(java.time.Duration.ofSeconds(3), first.subscriberCache().maxCallDuration("carol@example.com"));
        // the trusted_peer table (the same migration as on H2)
        AdminServices.get(first.system()).trustedPeers().orElseThrow().add("2001:db8::/32", "pg peer");
        String challenge = register("pg-1").sendFrom(probe);
        assertEquals(401, SipProbe.status(challenge), challenge);
        String ok = register("pg-1").cseq(2).authorization(DigestUa.authorization(DigestAlgorithm.MD5,
            "carol", "carolpw", "example.com", DigestUa.nonceIn(challenge), "sip:example.com", 1)).sendFrom(probe);
        assertEquals(200, SipProbe.status(ok), ok);
      } finally {
        first.close();
      }

      Node second = Node.start(config);
      try (SipProbe probe = new SipProbe(second.sipAddresses(Transport.UDP).get(0))) {
        // RFC 3261 §10.2.3: a REGISTER without Contact lists the bindings
        String challenge = register("pg-2").contact(null).sendFrom(probe);
        String listed = register("pg-2").cseq(2).contact(null).authorization(DigestUa.authorization(
            DigestAlgorithm.MD5, "carol", "carolpw", "example.com", DigestUa.nonceIn(challenge), "sip:example.com", 1))
            .sendFrom(probe);
        assertEquals(200, SipProbe.status(listed), listed);
        assertTrue(listed.contains("Contact: <sip:carol@192.0.2.30:5060>;expires="), listed);
        assertTrue(second.trustedPeers().isTrusted(IpNetwork.parseAddress("2001:db8::1")), "read back at start");
        // the listing's query on the PostgreSQL journal (JournalAors)
        ManagementHttp.Answer page = new ManagementHttp(second).send("GET", "/registrations?domain=example.com", null);
        assertEquals(200, page.status(), page.body());
        assertEquals("carol@example.com", page.json().path("registrations").get(0).path("aor").asText(), page.body());
        assertEquals("sip:carol@192.0.2.30:5060",
            page.json().path("registrations").get(0).path("bindings").get(0).path("contact").asText(), page.body());
      } finally {
        second.close();
      }
    }
  }


  private static TestRegister register(String callId) {
    return TestRegister.of("carol", "example.com", callId).contact(CONTACT);
  }
}
