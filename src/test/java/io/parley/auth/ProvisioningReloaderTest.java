package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.ProvisioningChange.AliasChanged;
import io.parley.auth.ProvisioningChange.DomainChanged;
import io.parley.auth.ProvisioningChange.SubscriberChanged;
import io.parley.auth.ProvisioningChange.TrustedPeerChanged;
import io.parley.common.ServedDomains;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A notice makes this node re-read exactly the row another node changed in the shared database
 * (here, the rows are written behind the caches' back, as another node writes them).
 */
class ProvisioningReloaderTest {
  private final TestClock clock = new TestClock();
  private final DataSource db = TestDatabase.migrated();
  private final SubscriberRepository subscribers = new SubscriberRepository(db, clock);
  private final DomainRepository domains = new DomainRepository(db, clock);
  private final TrustedPeerRepository peers = new TrustedPeerRepository(db, clock);
  private final SubscriberCache cache = new SubscriberCache(subscribers);
  private final ServedDomains served = new ServedDomains(List.of("example.com"));
  private final TrustedPeers trusted = new TrustedPeers(List.of(), peers::list);
  private final ProvisioningReloader reloader = new ProvisioningReloader(cache, domains, served, trusted);

  @BeforeEach
  void readEverything() {
    subscribers.add("bob", "example.com", "bobpw");
    cache.refresh();
    served.reread(domains::list);
    trusted.reload();
  }

  @Test
  void aSubscriberAddedElsewhereIsCachedAfterItsNotice() {
    subscribers.add("alice", "example.com", "pw");
    assertTrue(cache.find("alice", "example.com").isEmpty());
    reloader.accept(new SubscriberChanged("alice", "EXAMPLE.com"));
    assertTrue(cache.find("alice", "example.com").isPresent());
    assertEquals(2, cache.size());
  }

  @Test
  void aPasswordChangedElsewhereHoldsAfterItsNoticeAndOnlyThatRowIsRead() {
    subscribers.add("alice", "example.com", "old");
    cache.refresh();
    subscribers.changePassword("alice", "example.com", "new");
    subscribers.add("carol", "example.com", "pw"); // no notice for carol: not read
    reloader.accept(new SubscriberChanged("alice", "example.com"));
    assertEquals(Optional.of(Ha1.compute(DigestAlgorithm.MD5, "alice", "example.com", "new")),
        cache.ha1("alice", "example.com", DigestAlgorithm.MD5));
    assertTrue(cache.find("carol", "example.com").isEmpty(), "only the row named is re-read");
  }

  @Test
  void aSubscriberRemovedElsewhereGoesWithItsAliases() {
    subscribers.addAlias("robert", "example.com", "bob", "example.com");
    cache.refresh();
    subscribers.remove("bob", "example.com");
    reloader.accept(new SubscriberChanged("bob", "example.com"));
    assertTrue(cache.find("bob", "example.com").isEmpty());
    assertTrue(cache.resolve("robert", "example.com").isEmpty());
    assertEquals(0, cache.size());
  }

  @Test
  void anAliasAddedOrRemovedElsewhereFollowsItsNotice() {
    subscribers.addAlias("robert", "example.com", "bob", "example.com");
    reloader.accept(new AliasChanged("robert", "example.com"));
    assertEquals(new SubscriberId("bob", "example.com"), cache.resolve("robert", "example.com").orElseThrow().id());
    subscribers.removeAlias("robert", "example.com");
    reloader.accept(new AliasChanged("robert", "example.com"));
    assertTrue(cache.resolve("robert", "example.com").isEmpty());
  }

  @Test
  void aDomainAddedOrRemovedElsewhereFollowsItsNoticeAndTheConfiguredOnesStay() {
    domains.add("example.org");
    domains.add("example.net");
    reloader.accept(new DomainChanged("Example.ORG"));
    assertTrue(served.contains("example.org"));
    assertFalse(served.contains("example.net"), "only the row named is re-read");
    domains.remove("example.org");
    reloader.accept(new DomainChanged("example.org"));
    assertFalse(served.contains("example.org"));
    reloader.accept(new DomainChanged("example.com"));
    assertTrue(served.contains("example.com"), "a domain of parley.domains is served without a row");
  }

  @Test
  void aTrustedPeerAddedOrRemovedElsewhereFollowsItsNotice() {
    IpNetwork net = IpNetwork.parse("192.0.2.0/24");
    peers.add(net, "pbx");
    reloader.accept(new TrustedPeerChanged(net.toString()));
    assertTrue(trusted.isTrusted(IpNetwork.parseAddress("192.0.2.7")));
    peers.remove(net);
    reloader.accept(new TrustedPeerChanged(net.toString()));
    assertFalse(trusted.isTrusted(IpNetwork.parseAddress("192.0.2.7")));
  }

  @Test
  void aNoticeAppliedTwiceOrForARowThatDidNotChangeChangesNothing() {
    reloader.accept(new SubscriberChanged("bob", "example.com"));
    reloader.accept(new SubscriberChanged("bob", "example.com"));
    reloader.accept(new SubscriberChanged("nobody", "example.com"));
    assertEquals(1, cache.size());
    assertTrue(cache.find("bob", "example.com").isPresent());
  }

  @Test
  void aNoticeNamingNoValidRowFailsAndKeepsWhatIsCached() {
    assertThrows(IllegalArgumentException.class, () -> reloader.accept(new SubscriberChanged("", "example.com")));
    assertThrows(IllegalArgumentException.class, () -> reloader.accept(new DomainChanged("")));
    assertTrue(cache.find("bob", "example.com").isPresent());
  }
}
