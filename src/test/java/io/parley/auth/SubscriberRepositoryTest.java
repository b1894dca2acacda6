package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class SubscriberRepositoryTest {
  private final TestClock clock = new TestClock();
  private final DataSource db = TestDatabase.migrated();
  private final SubscriberRepository repository = new SubscriberRepository(db, clock);

  @Test
  void addStoresTheThreeHa1sOfThePasswordAndFindReturnsThem() {
    Subscriber added = repository.add("user0000", "127.0.0.1", "pw12345");
    Subscriber found = repository.find("user0000", "127.0.0.1").orElseThrow();
    assertEquals(added, found);
    // Computed independently (Python hashlib): MD5("user0000:127.0.0.1:pw12345").
    assertEquals("4e35c4784f31f39f70edf9476dde151c", found.ha1Md5());
    assertEquals(Ha1.compute(DigestAlgorithm.SHA_256, "user0000", "127.0.0.1", "pw12345"), found.ha1(DigestAlgorithm.SHA_256));
    assertEquals(Ha1.compute(DigestAlgorithm.SHA_512_256, "user0000", "127.0.0.1", "pw12345"),
        found.ha1(DigestAlgorithm.SHA_512_256));
    assertEquals(clock.instant(), found.createdAt());
  }

  @Test
  void thePasswordIsStoredNowhere() throws SQLException {
    repository.add("alice", "example.com", "correct-horse");
    try (Connection c = db.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM subscriber")) {
      assertTrue(rs.next());
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        String value = rs.getString(i);
        assertFalse(value != null && value.contains("correct-horse"), rs.getMetaData().getColumnName(i));
      }
    }
  }

  @Test
  void domainsAreCaseInsensitiveAndUserNamesAreNot() {
    repository.add("Alice", "Example.COM", "pw");
    assertTrue(repository.find("Alice", "example.com").isPresent());
    assertTrue(repository.find("Alice", "EXAMPLE.com").isPresent());
    assertTrue(repository.find("alice", "example.com").isEmpty());
    // The realm in the HA1 is the lower-case domain, the realm Parley challenges with.
    assertEquals(Ha1.compute(DigestAlgorithm.MD5, "Alice", "example.com", "pw"),
        repository.find("Alice", "example.com").orElseThrow().ha1Md5());
  }

  @Test
  void aDuplicateIsReportedAsSuch() {
    repository.add("alice", "example.com", "pw");
    SubscriberStoreException e = assertThrows(SubscriberStoreException.class,
        () -> repository.add("alice", "EXAMPLE.com", "other"));
    assertEquals(SubscriberStoreException.Kind.DUPLICATE, e.kind());
  }

  @Test
  void findOfAnUnknownSubscriberIsEmpty() {
    assertEquals(Optional.empty(), repository.find("nobody", "example.com"));
  }

  @Test
  void listPagesInOrderOfDomainAndUser() {
    repository.add("carol", "b.org", "pw");
    repository.add("bob", "a.org", "pw");
    repository.add("alice", "a.org", "pw");
    repository.add("dave", "b.org", "pw");
    assertEquals(List.of("alice@a.org", "bob@a.org", "carol@b.org", "dave@b.org"), ids(repository.list(null, 10, 0)));
    assertEquals(List.of("bob@a.org", "carol@b.org"), ids(repository.list(null, 2, 1)));
    assertEquals(List.of("carol@b.org", "dave@b.org"), ids(repository.list("B.org", 10, 0)));
    assertEquals(List.of(), ids(repository.list("c.org", 10, 0)));
    assertThrows(IllegalArgumentException.class, () -> repository.list(null, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> repository.list(null, 10, -1));
  }

  @Test
  void changePasswordReplacesTheHa1s() {
    Subscriber before = repository.add("alice", "example.com", "old");
    assertTrue(repository.changePassword("alice", "example.com", "new"));
    Subscriber after = repository.find("alice", "example.com").orElseThrow();
    assertNotEquals(before.ha1Md5(), after.ha1Md5());
    assertEquals(Ha1.compute(DigestAlgorithm.SHA_256, "alice", "example.com", "new"), after.ha1Sha256());
    assertEquals(before.createdAt(), after.createdAt());
    assertFalse(repository.changePassword("nobody", "example.com", "x"));
  }

  @Test
  void removeDeletesTheSubscriberAndItsAliases() {
    repository.add("alice", "example.com", "pw");
    repository.addAlias("al", "example.com", "alice", "example.com");
    repository.addAlias("+15551234", "pstn.example.com", "alice", "example.com");
    assertTrue(repository.remove("alice", "example.com"));
    assertTrue(repository.find("alice", "example.com").isEmpty());
    assertTrue(repository.resolveAlias("al", "example.com").isEmpty());
    assertTrue(repository.loadAliases().isEmpty());
    assertFalse(repository.remove("alice", "example.com"));
  }

  @Test
  void aliasesResolveToTheirSubscriber() {
    repository.add("alice", "example.com", "pw");
    repository.addAlias("Al", "Other.Example.com", "alice", "example.com");
    assertEquals(Optional.of(new SubscriberId("alice", "example.com")), repository.resolveAlias("Al", "other.example.com"));
    assertTrue(repository.resolveAlias("al", "other.example.com").isEmpty());
    assertEquals(List.of(new Alias(new SubscriberId("Al", "other.example.com"), new SubscriberId("alice", "example.com"))),
        repository.loadAliases());
    assertTrue(repository.removeAlias("Al", "OTHER.example.com"));
    assertFalse(repository.removeAlias("Al", "other.example.com"));
    assertTrue(repository.resolveAlias("Al", "other.example.com").isEmpty());
    assertTrue(repository.find("alice", "example.com").isPresent(), "removing an alias keeps its subscriber");
  }

  @Test
  void anAliasOfNobodyOrATakenAliasIsRefused() {
    repository.add("alice", "example.com", "pw");
    SubscriberStoreException noOne = assertThrows(SubscriberStoreException.class,
        () -> repository.addAlias("al", "example.com", "nobody", "example.com"));
    assertEquals(SubscriberStoreException.Kind.NO_SUBSCRIBER, noOne.kind());
    repository.addAlias("al", "example.com", "alice", "example.com");
    SubscriberStoreException taken = assertThrows(SubscriberStoreException.class,
        () -> repository.addAlias("al", "example.com", "alice", "example.com"));
    assertEquals(SubscriberStoreException.Kind.DUPLICATE, taken.kind());
  }

  @Test
  void importedSubscribersMayLackTheShaHa1s() {
    Subscriber imported = new Subscriber(new SubscriberId("legacy", "example.com"), "4e35c4784f31f39f70edf9476dde151c",
        null, null, clock.instant());
    repository.add(imported);
    Subscriber found = repository.find("legacy", "example.com").orElseThrow();
    assertNull(found.ha1(DigestAlgorithm.SHA_256));
    assertEquals("4e35c4784f31f39f70edf9476dde151c", found.ha1(DigestAlgorithm.MD5));
    assertFalse(found.toString().contains(found.ha1Md5()), "HA1 is password-equivalent");
  }

  @Test
  void anUnreachableDatabaseIsAFailure() {
    org.h2.jdbcx.JdbcDataSource broken = new org.h2.jdbcx.JdbcDataSource();
    broken.setURL("jdbc:h2:mem:empty-" + System.nanoTime() + ";IFEXISTS=TRUE");
    SubscriberStoreException e = assertThrows(SubscriberStoreException.class,
        () -> new SubscriberRepository(broken, clock).find("a", "b"));
    assertEquals(SubscriberStoreException.Kind.FAILURE, e.kind());
  }

  @Test
  void domainsAreProvisionedOnceInLowerCase() {
    DomainRepository domains = new DomainRepository(db, clock);
    assertTrue(domains.add("Example.COM"));
    assertFalse(domains.add("example.com"));
    assertTrue(domains.add("a.example.org"));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of("a.example.org", "example.com"), domains.list());
    assertTrue(domains.remove("EXAMPLE.com"));
    assertFalse(domains.remove("example.com"));
    assertEquals(List.of("a.example.org"), domains.list());
  }

  private static List<String> ids(List<Subscriber> subscribers) {
    return subscribers.stream().map(s -> s.id().toString()).toList();
  }

  @Test
  void aMaxCallDurationIsStoredInWholeSecondsAndCleared() {
    Subscriber added = repository.add("alice", "example.com", "pw", Duration.ofHours(2));
    assertEquals(Duration.ofHours(2), added.maxCallDuration());
    assertEquals(added, repository.find("alice", "example.com").orElseThrow());
    repository.add("bob", "example.com", "pw");
    assertNull(repository.find("bob", "example.com").orElseThrow().maxCallDuration());

    assertTrue(repository.setMaxCallDuration("bob", "Example.com", Duration.ofSeconds(3)));
    assertEquals(Duration.ofSeconds(3), repository.find("bob", "example.com").orElseThrow().maxCallDuration());
    assertEquals(List.of(Duration.ofHours(2), Duration.ofSeconds(3)),
        repository.list("example.com", 10, 0).stream().map(Subscriber::maxCallDuration).toList());
    assertTrue(repository.setMaxCallDuration("bob", "example.com", null));
    assertNull(repository.loadAll().stream().filter(s -> s.id().username().equals("bob")).findFirst().orElseThrow()
        .maxCallDuration());
    assertFalse(repository.setMaxCallDuration("nobody", "example.com", Duration.ofSeconds(3)));
  }

  @Test
  void aMaxCallDurationOutOfBoundsNeverReachesTheTable() {
    repository.add("alice", "example.com", "pw");
    for (Duration bad : List.of(Duration.ZERO, Duration.ofDays(7).plusSeconds(1), Duration.ofMillis(1500),
        Duration.ofSeconds(-1))) {
      assertThrows(IllegalArgumentException.class, () -> repository.setMaxCallDuration("alice", "example.com", bad));
      assertThrows(IllegalArgumentException.class, () -> repository.add("bob", "example.com", "pw", bad));
    }
    assertNull(repository.find("alice", "example.com").orElseThrow().maxCallDuration());
    assertTrue(repository.find("bob", "example.com").isEmpty());
  }
}
