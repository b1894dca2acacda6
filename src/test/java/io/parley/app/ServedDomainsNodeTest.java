package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DomainRepository;
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
    // the node migrates the same database again: all of its migrations, the Java one (V6) too
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration/h2")
        .javaMigrations(new CanonicalUserNames()).load().migrate();
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
      String ours = TestRegister.of("alice", "provisioned.example", "d-1").sendFrom(probe);
      assertEquals(401, SipProbe.status(ours), ours);
      assertTrue(ours.contains("realm=\"provisioned.example\""), ours);
      // in neither list: not ours to register, and not relayed for a foreign From
      String other = TestRegister.of("alice", "elsewhere.example", "d-2").sendFrom(probe);
      assertEquals(403, SipProbe.status(other), other);
    }
  }

}
