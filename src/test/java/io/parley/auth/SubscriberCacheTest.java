package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class SubscriberCacheTest {
  private final TestClock clock = new TestClock();
  private final DataSource db = TestDatabase.migrated();
  private final SubscriberRepository repository = new SubscriberRepository(db, clock);
  private final SubscriberCache cache = new SubscriberCache(repository);

  @Test
  void nothingIsCachedBeforeTheFirstRefresh() {
    repository.add("alice", "example.com", "pw");
    assertTrue(cache.find("alice", "example.com").isEmpty());
    cache.refresh();
    assertEquals(repository.find("alice", "example.com"), cache.find("alice", "EXAMPLE.com"));
    assertEquals(1, cache.size());
  }

  @Test
  void changesMadeElsewhereShowAfterTheNextRefresh() {
    repository.add("alice", "example.com", "pw");
    cache.refresh();
    repository.add("bob", "example.com", "pw");
    repository.remove("alice", "example.com");
    assertTrue(cache.find("alice", "example.com").isPresent());
    assertTrue(cache.find("bob", "example.com").isEmpty());
    cache.refresh();
    assertTrue(cache.find("alice", "example.com").isEmpty());
    assertTrue(cache.find("bob", "example.com").isPresent());
    assertEquals(1, cache.size());
  }

  @Test
  void aTemporarySubscriberAuthenticatesAcrossRefreshesUntilForgottenAndIsNeverStored() {
    repository.add("alice", "example.com", "pw");
    cache.refresh();
    SubscriberId id = new SubscriberId("w0", "warm-up.invalid");
    cache.holdTemporarily(Subscriber.withPassword(id, "secret", clock.instant()));
    cache.refresh();
    assertEquals(Optional.of(Ha1.compute(DigestAlgorithm.MD5, "w0", "warm-up.invalid", "secret")),
        cache.ha1("w0", "warm-up.invalid", DigestAlgorithm.MD5));
    assertEquals(1, cache.size(), "not counted with the table's");
    assertTrue(repository.find("w0", "warm-up.invalid").isEmpty(), "not stored");
    cache.forgetTemporary(id);
    assertTrue(cache.find("w0", "warm-up.invalid").isEmpty());
    cache.refresh();
    assertTrue(cache.find("w0", "warm-up.invalid").isEmpty(), "gone for good");
    assertTrue(cache.find("alice", "example.com").isPresent());
  }

  @Test
  void reloadPicksUpOneSubscribersChange() {
    cache.refresh();
    repository.add("alice", "example.com", "old");
    cache.reload("alice", "example.com");
    assertEquals(1, cache.size());
    repository.changePassword("alice", "example.com", "new");
    cache.reload("alice", "example.com");
    assertEquals(Optional.of(Ha1.compute(DigestAlgorithm.MD5, "alice", "example.com", "new")),
        cache.ha1("alice", "example.com", DigestAlgorithm.MD5));
    assertEquals(1, cache.size());
  }

  @Test
  void reloadAfterRemovalDropsTheSubscriberAndItsAliases() {
    repository.add("alice", "example.com", "pw");
    repository.addAlias("al", "example.com", "alice", "example.com");
    cache.refresh();
    assertTrue(cache.resolve("al", "example.com").isPresent());
    repository.remove("alice", "example.com");
    cache.reload("alice", "example.com");
    assertTrue(cache.find("alice", "example.com").isEmpty());
    assertTrue(cache.resolve("al", "example.com").isEmpty());
    assertEquals(0, cache.size());
  }

  @Test
  void resolveFollowsAliasesAndReloadAliasUpdatesThem() {
    repository.add("alice", "example.com", "pw");
    cache.refresh();
    assertTrue(cache.resolve("+15551234", "pstn.example.com").isEmpty());
    repository.addAlias("+15551234", "pstn.example.com", "alice", "example.com");
    cache.reloadAlias("+15551234", "PSTN.example.com");
    assertEquals(new SubscriberId("alice", "example.com"), cache.resolve("+15551234", "pstn.example.com").orElseThrow().id());
    assertEquals(new SubscriberId("alice", "example.com"), cache.resolve("alice", "example.com").orElseThrow().id());
    repository.removeAlias("+15551234", "pstn.example.com");
    cache.reloadAlias("+15551234", "pstn.example.com");
    assertTrue(cache.resolve("+15551234", "pstn.example.com").isEmpty());
  }

  @Test
  void ha1LookupServesTheVerifierAndIgnoresAliases() {
    repository.add("alice", "example.com", "pw");
    repository.addAlias("al", "example.com", "alice", "example.com");
    cache.refresh();
    assertEquals(Optional.of(Ha1.compute(DigestAlgorithm.SHA_512_256, "alice", "example.com", "pw")),
        cache.ha1("alice", "example.com", DigestAlgorithm.SHA_512_256));
    assertTrue(cache.ha1("al", "example.com", DigestAlgorithm.MD5).isEmpty());
    assertTrue(cache.ha1("alice", "other.com", DigestAlgorithm.MD5).isEmpty());
  }

  @Test
  void holdsTheBenchmarksTenThousandAndOneUsersAndAuthenticatesThem() throws SQLException {
    // Inserted in one batch, HA1s as gen_users.sh's passwords give them.
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO subscriber (username, domain, ha1_md5, ha1_sha256, ha1_sha512_256, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i <= 10_000; i++) {
        String user = i == 10_000 ? "bob" : String.format("user%04d", i);
        String password = i == 10_000 ? "bobpw" : String.format("pw%05d", (i * 7919 + 12345) % 100000);
        Subscriber s = Subscriber.withPassword(new SubscriberId(user, "127.0.0.1"), password, clock.instant());
        ps.setString(1, user);
        ps.setString(2, "127.0.0.1");
        ps.setString(3, s.ha1Md5());
        ps.setString(4, s.ha1Sha256());
        ps.setString(5, s.ha1Sha512_256());
        ps.setTimestamp(6, Timestamp.from(clock.instant()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    cache.refresh();
    assertEquals(10_001, cache.size());

    NonceService nonces = new NonceService("a-shared-secret-for-tests".getBytes(java.nio.charset.StandardCharsets.UTF_8), Duration.ofSeconds(300),
        Duration.ofSeconds(5), clock);
    DigestVerifier verifier = new DigestVerifier(nonces, new NonceCountTracker(Duration.ofSeconds(305), 1_000, clock));
    // gen_users.sh: user0042's password is "pw" + (42 * 7919 + 12345) % 100000, zero-padded to 5 digits
    Credentials c = DigestClient.answer("user0042", "pw44943", "127.0.0.1", nonces.issue("127.0.0.1"), "REGISTER",
        "sip:127.0.0.1:5060", null, null, null, null);
    assertEquals(new AuthResult.Authenticated("user0042"),
        verifier.verify("REGISTER", "sip:127.0.0.1:5060", c, "127.0.0.1", cache));
  }

  @Test
  void maxCallDurationAnswersFromMemoryByCanonicalAor() {
    repository.add("alice", "example.com", "pw", Duration.ofSeconds(90));
    repository.add("bob", "example.com", "pw");
    repository.addAlias("al", "example.org", "alice", "example.com");
    assertNull(cache.maxCallDuration("alice@example.com"), "not before the first refresh");
    cache.refresh();
    assertEquals(Duration.ofSeconds(90), cache.maxCallDuration("alice@example.com"));
    assertEquals(Duration.ofSeconds(90), cache.maxCallDuration("al@example.org"));
    assertNull(cache.maxCallDuration("bob@example.com"));
    assertNull(cache.maxCallDuration("carol@example.com"));
    assertNull(cache.maxCallDuration("example.com"));
    assertNull(cache.maxCallDuration("@example.com"));
    // changed in the table: seen after this node reloads the row (provisioning) or refreshes
    repository.setMaxCallDuration("bob", "example.com", Duration.ofSeconds(3));
    assertNull(cache.maxCallDuration("bob@example.com"));
    cache.reload("bob", "example.com");
    assertEquals(Duration.ofSeconds(3), cache.maxCallDuration("bob@example.com"));
  }
}
