package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.admin.ProvisioningException.Reason;
import io.parley.auth.DigestAlgorithm;
import io.parley.auth.Ha1;
import io.parley.auth.SubscriberCache;
import io.parley.auth.SubscriberId;
import io.parley.auth.SubscriberRepository;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Provisioning against a real (in-memory H2) subscriber table, and the cache REGISTER reads. */
class SubscriberProvisioningTest {
  private static final SubscriberId ALICE = new SubscriberId("alice", "example.com");

  private final SubscriberRepository repository = new SubscriberRepository(migrated(), Clock.systemUTC());
  private final SubscriberCache cache = new SubscriberCache(repository);
  private final SubscriberProvisioning provisioning =
      new SubscriberProvisioning(repository, cache, Set.of("example.com", "example.org")::contains);

  private static DataSource migrated() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:admin-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    ds.setPassword("");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").load().migrate();
    return ds;
  }

  private static NewSubscriber alice(List<SubscriberId> aliases) {
    return new NewSubscriber(ALICE, "secret", aliases);
  }

  @Test
  void anAddedSubscriberIsInTheCacheAtOnceWithItsAliases() {
    SubscriberId alias = new SubscriberId("al", "example.org");
    ProvisionedSubscriber added = provisioning.add(alice(List.of(alias)));
    assertEquals(List.of("MD5", "SHA-256", "SHA-512-256"), added.algorithms());
    assertEquals(Ha1.compute(DigestAlgorithm.SHA_256, "alice", "example.com", "secret"),
        cache.ha1("alice", "example.com", DigestAlgorithm.SHA_256).orElseThrow());
    assertEquals(ALICE, cache.resolve("al", "example.org").orElseThrow().id());
    assertEquals(List.of(alias), provisioning.find(ALICE).orElseThrow().aliases());
  }

  @Test
  void aSecondAddIsRefusedAsExisting() {
    provisioning.add(alice(List.of()));
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> provisioning.add(alice(List.of())));
    assertEquals(Reason.EXISTS, e.reason());
    assertTrue(e.getMessage().contains("alice@example.com"), e.getMessage());
  }

  @Test
  void aDomainNotServedIsRefusedForTheSubscriberAndForItsAliases() {
    ProvisioningException e = assertThrows(ProvisioningException.class,
        () -> provisioning.add(new NewSubscriber(new SubscriberId("x", "elsewhere.net"), "pw", List.of())));
    assertEquals(Reason.INVALID, e.reason());
    assertTrue(e.getMessage().contains("elsewhere.net"), e.getMessage());
    assertThrows(ProvisioningException.class,
        () -> provisioning.add(alice(List.of(new SubscriberId("a", "elsewhere.net")))));
    assertTrue(repository.find("alice", "example.com").isEmpty());
  }

  @Test
  void anAliasThatExistsLeavesNoSubscriberBehind() {
    provisioning.add(new NewSubscriber(new SubscriberId("bob", "example.com"), "pw",
        List.of(new SubscriberId("taken", "example.com"))));
    ProvisioningException e = assertThrows(ProvisioningException.class,
        () -> provisioning.add(alice(List.of(new SubscriberId("taken", "example.com")))));
    assertEquals(Reason.EXISTS, e.reason());
    assertTrue(repository.find("alice", "example.com").isEmpty());
    assertTrue(cache.find("alice", "example.com").isEmpty());
    assertEquals("bob", cache.resolve("taken", "example.com").orElseThrow().id().username());
  }

  @Test
  void aSubscriberAndAnAliasCannotShareAnAddress() {
    provisioning.add(new NewSubscriber(new SubscriberId("bob", "example.com"), "pw",
        List.of(new SubscriberId("robert", "example.com"))));
    assertEquals(Reason.EXISTS, assertThrows(ProvisioningException.class, () -> provisioning.add(
        new NewSubscriber(new SubscriberId("robert", "example.com"), "pw", List.of()))).reason());
    assertEquals(Reason.EXISTS, assertThrows(ProvisioningException.class,
        () -> provisioning.add(alice(List.of(new SubscriberId("bob", "example.com"))))).reason());
  }

  @Test
  void removeTakesTheSubscriberAndItsAliasesOutOfTheCache() {
    provisioning.add(alice(List.of(new SubscriberId("al", "example.com"))));
    assertTrue(provisioning.remove(ALICE));
    assertTrue(cache.find("alice", "example.com").isEmpty());
    assertTrue(cache.resolve("al", "example.com").isEmpty());
    assertFalse(provisioning.remove(ALICE));
  }

  @Test
  void aNewPasswordReplacesTheHa1sInTheCache() {
    provisioning.add(alice(List.of()));
    String before = cache.ha1("alice", "example.com", DigestAlgorithm.MD5).orElseThrow();
    provisioning.changePassword(ALICE, "other");
    String after = cache.ha1("alice", "example.com", DigestAlgorithm.MD5).orElseThrow();
    assertNotEquals(before, after);
    assertEquals(Ha1.compute(DigestAlgorithm.MD5, "alice", "example.com", "other"), after);
    assertEquals(Reason.NOT_FOUND, assertThrows(ProvisioningException.class,
        () -> provisioning.changePassword(new SubscriberId("nobody", "example.com"), "x")).reason());
  }

  @Test
  void listPagesInOrderAndFiltersByDomain() {
    for (String u : List.of("c", "a", "b")) {
      provisioning.add(new NewSubscriber(new SubscriberId(u, "example.com"), "pw", List.of()));
    }
    provisioning.add(new NewSubscriber(new SubscriberId("z", "example.org"), "pw", List.of()));
    assertEquals(List.of("a@example.com", "b@example.com"),
        provisioning.list(null, 2, 0).stream().map(p -> p.id().toString()).toList());
    assertEquals(List.of("c@example.com", "z@example.org"),
        provisioning.list(null, 10, 2).stream().map(p -> p.id().toString()).toList());
    assertEquals(List.of("z@example.org"),
        provisioning.list("EXAMPLE.org", 10, 0).stream().map(p -> p.id().toString()).toList());
  }

  /** RFC 3261 §19.1.4: {@code %61lice} is alice, so it is no second subscriber, nor an alias of one. */
  @Test
  void anotherSpellingOfAnExistingAorIsRefusedAsExisting() {
    provisioning.add(alice(List.of(new SubscriberId("al", "example.com"))));
    for (String spelling : List.of("%61lice@example.com", "sip:%61%6c%69%63%65@EXAMPLE.com", "alice@Example.Com")) {
      ProvisioningException e = assertThrows(ProvisioningException.class,
          () -> provisioning.add(new NewSubscriber(AddressOfRecord.parse(spelling), "other", List.of())), spelling);
      assertEquals(Reason.EXISTS, e.reason(), spelling);
    }
    assertEquals(Reason.EXISTS, assertThrows(ProvisioningException.class, () -> provisioning.add(
        new NewSubscriber(AddressOfRecord.parse("%61l@example.com"), "pw", List.of()))).reason(), "an alias");
    assertEquals(Reason.EXISTS, assertThrows(ProvisioningException.class, () -> provisioning.add(
        new NewSubscriber(new SubscriberId("bob", "example.com"), "pw", List.of(AddressOfRecord.parse("%61lice@example.com")))))
        .reason(), "an alias spelling a subscriber");
    assertTrue(repository.find("bob", "example.com").isEmpty());
    assertEquals(1, repository.list(null, 10, 0).size());
    // every spelling finds, authenticates as and removes the one row
    assertEquals(ALICE, provisioning.find(AddressOfRecord.parse("%61lice@example.com")).orElseThrow().id());
    assertEquals(ALICE, cache.resolve("%61lice", "EXAMPLE.COM").orElseThrow().id());
    assertEquals(ALICE, cache.resolve("%61l", "example.com").orElseThrow().id());
    assertEquals(cache.ha1("alice", "example.com", DigestAlgorithm.MD5), cache.ha1("%61lice", "example.com",
        DigestAlgorithm.MD5));
    assertTrue(provisioning.remove(AddressOfRecord.parse("sip:%61lice@example.com")));
    assertTrue(cache.find("alice", "example.com").isEmpty());
  }

  @Test
  void aUserWithCharactersThatMustBeEscapedIsStoredEscapedOnce() {
    SubscriberId id = AddressOfRecord.parse("j%c3%b6rg%2Bx%3a@example.com");
    assertEquals("j%C3%B6rg+x%3A", id.username());
    provisioning.add(new NewSubscriber(id, "pw", List.of()));
    assertEquals(id, repository.find("jörg+x:", "example.com").orElseThrow().id());
    assertEquals(id, cache.find("j%C3%B6rg%2bx%3A", "example.com").orElseThrow().id());
  }

  @Test
  void aMaxCallDurationSetOrClearedHoldsInTheCacheAtOnce() {
    provisioning.add(new NewSubscriber(ALICE, "secret", List.of(new SubscriberId("al", "example.com")),
        java.time.Duration.ofHours(2)));
    assertEquals(java.time.Duration.ofHours(2), cache.maxCallDuration("alice@example.com"));
    ProvisionedSubscriber changed = provisioning.update(ALICE, SubscriberUpdate.maxCallDuration(java.time.Duration.ofSeconds(3)));
    assertEquals(java.time.Duration.ofSeconds(3), changed.subscriber().maxCallDuration());
    assertEquals(java.time.Duration.ofSeconds(3), cache.maxCallDuration("alice@example.com"));
    // an alias's calls are the subscriber's
    assertEquals(java.time.Duration.ofSeconds(3), cache.maxCallDuration("al@example.com"));
    // a new password leaves the limit as it was
    provisioning.update(ALICE, SubscriberUpdate.password("other"));
    assertEquals(java.time.Duration.ofSeconds(3), cache.maxCallDuration("alice@example.com"));
    provisioning.update(ALICE, SubscriberUpdate.maxCallDuration(null));
    assertEquals(null, cache.maxCallDuration("alice@example.com"));
    assertEquals(Reason.NOT_FOUND, assertThrows(ProvisioningException.class, () -> provisioning.update(
        new SubscriberId("nobody", "example.com"), SubscriberUpdate.maxCallDuration(java.time.Duration.ofSeconds(9))))
        .reason());
  }
}
