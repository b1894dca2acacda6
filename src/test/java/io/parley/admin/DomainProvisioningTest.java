package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.admin.ProvisioningException.Reason;
import io.parley.admin.ServedDomain.Source;
import io.parley.auth.DomainRepository;
import io.parley.auth.SubscriberRepository;
import io.parley.common.ServedDomains;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Domain provisioning against a real (in-memory H2) domain table, and the set the node serves from. */
class DomainProvisioningTest {
  private final DataSource dataSource = migrated();
  private final DomainRepository repository = new DomainRepository(dataSource, Clock.systemUTC());
  private final ServedDomains served = new ServedDomains(List.of("Example.com"));
  private final DomainProvisioning provisioning = new DomainProvisioning(repository, served);

  private static DataSource migrated() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:domains-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    ds.setPassword("");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").load().migrate();
    return ds;
  }

  @Test
  void anAddedDomainIsInTheTableInLowerCaseAndServedAtOnce() {
    assertFalse(served.contains("example.org"));
    ServedDomain added = provisioning.add("Example.ORG");
    assertEquals(new ServedDomain("example.org", Source.DATABASE), added);
    assertEquals(List.of("example.org"), repository.list());
    assertTrue(served.contains("EXAMPLE.org"));
  }

  @Test
  void aRemovedDomainIsNoLongerServedButItsSubscribersStay() {
    SubscriberRepository subscribers = new SubscriberRepository(dataSource, Clock.systemUTC());
    provisioning.add("example.org");
    subscribers.add("alice", "example.org", "pw");
    provisioning.remove("EXAMPLE.org");
    assertFalse(served.contains("example.org"));
    assertEquals(List.of(), repository.list());
    assertTrue(subscribers.find("alice", "example.org").isPresent());
  }

  @Test
  void listShowsTheConfigurationsAndTheTablesDomainsByName() {
    provisioning.add("b.example");
    provisioning.add("z.example");
    assertEquals(List.of(new ServedDomain("b.example", Source.DATABASE),
            new ServedDomain("example.com", Source.CONFIGURATION),
            new ServedDomain("z.example", Source.DATABASE)),
        provisioning.list());
  }

  @Test
  void aTableRowForAConfiguredDomainIsListedOnceAsConfigured() {
    repository.add("example.com");
    assertEquals(List.of(new ServedDomain("example.com", Source.CONFIGURATION)), provisioning.list());
  }

  @Test
  void addingAServedDomainAgainIsAConflict() {
    provisioning.add("example.org");
    ProvisioningException again = assertThrows(ProvisioningException.class, () -> provisioning.add("example.ORG"));
    assertEquals(Reason.EXISTS, again.reason());
    assertEquals(409, again.reason().status());
    ProvisioningException configured = assertThrows(ProvisioningException.class, () -> provisioning.add("EXAMPLE.com"));
    assertEquals(Reason.EXISTS, configured.reason());
    assertTrue(configured.getMessage().contains("parley.domains"), configured.getMessage());
    assertEquals(List.of("example.org"), repository.list());
  }

  @Test
  void aConfiguredDomainCannotBeRemoved() {
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> provisioning.remove("example.com"));
    assertEquals(Reason.CONFIGURED, e.reason());
    assertEquals(409, e.reason().status());
    assertTrue(e.getMessage().contains("parley.domains"), e.getMessage());
    assertTrue(served.contains("example.com"));
  }

  @Test
  void removingAnUnknownDomainIsNotFound() {
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> provisioning.remove("nowhere.example"));
    assertEquals(Reason.NOT_FOUND, e.reason());
    assertTrue(e.getMessage().contains("nowhere.example"), e.getMessage());
  }

  @Test
  void aNameThatIsNoHostIsRefused() {
    for (String bad : new String[] {"", "exa mple.org", "alice@example.org", ".example.org", "-x.org", "[zz::1]",
        "x".repeat(256)}) {
      ProvisioningException e = assertThrows(ProvisioningException.class, () -> provisioning.add(bad), bad);
      assertEquals(Reason.INVALID, e.reason(), bad);
    }
    assertEquals(List.of(), repository.list());
    assertEquals(new ServedDomain("[2001:db8::1]", Source.DATABASE), provisioning.add("[2001:DB8::1]"));
    assertEquals(new ServedDomain("192.0.2.7", Source.DATABASE), provisioning.add("192.0.2.7"));
  }

  @Test
  void aRemoveFindsTheRowsAnotherNodeRemovedAndForgetsThem() {
    provisioning.add("example.org");
    repository.remove("example.org");
    assertTrue(served.contains("example.org"));
    assertEquals(Reason.NOT_FOUND,
        assertThrows(ProvisioningException.class, () -> provisioning.remove("example.org")).reason());
    assertFalse(served.contains("example.org"));
  }
}
