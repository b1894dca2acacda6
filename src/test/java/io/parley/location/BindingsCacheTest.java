package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BindingsCacheTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final String AOR = "bob@example.com";

  private static Binding binding(String contact, long expiresAt) {
    return new Binding(contact, Binding.Q_UNSPECIFIED, "", expiresAt, expiresAt, "reg-1", 1, null, List.of(), null,
        0, "udp:127.0.0.1:5070", NOW - 1000);
  }

  private static Bindings bindings(Binding... b) {
    return new Bindings(List.of(b));
  }

  private static BindingsCache cache(Duration ttl, int max) {
    return new BindingsCache(new LookupCacheSettings(ttl, max));
  }

  @Test
  void anAnswerIsKeptAndAnsweredFromUntilItsEarliestBindingExpires() {
    BindingsCache cache = cache(Duration.ofMinutes(5), 10);
    Bindings found = bindings(binding("sip:bob@127.0.0.1:5070", NOW + 60_000),
        binding("sip:bob@127.0.0.1:5071", NOW + 30_000));
    assertNull(cache.get(AOR, NOW));
    cache.offer(AOR, found, cache.askToken(), NOW);
    assertSame(found, cache.get(AOR, NOW + 29_999));
    assertNull(cache.get(AOR, NOW + 30_000), "the earlier binding has expired: the entity is asked again");
    assertEquals(new BindingsCache.Stats(1, 2, 0, 0, 0), cache.stats());
  }

  @Test
  void noAnswerIsUsedLongerThanTheTtl() {
    BindingsCache cache = cache(Duration.ofSeconds(10), 10);
    cache.offer(AOR, bindings(binding("sip:bob@127.0.0.1:5070", NOW + 3_600_000)), cache.askToken(), NOW);
    assertTrue(cache.get(AOR, NOW + 9_999) != null);
    assertNull(cache.get(AOR, NOW + 10_000));
  }

  @Test
  void anAorWithoutBindingsIsNotKept() {
    BindingsCache cache = cache(Duration.ofMinutes(5), 10);
    cache.offer(AOR, bindings(), cache.askToken(), NOW);
    assertNull(cache.get(AOR, NOW));
    assertEquals(0, cache.stats().entries());
  }

  @Test
  void aNoticeDropsWhatIsHeldAndAnAnswerAskedForBeforeItIsNotKept() {
    BindingsCache cache = cache(Duration.ofMinutes(5), 10);
    Bindings found = bindings(binding("sip:bob@127.0.0.1:5070", NOW + 60_000));
    cache.offer(AOR, found, cache.askToken(), NOW);
    long askedBefore = cache.askToken();
    cache.forget(AOR);
    assertNull(cache.get(AOR, NOW));
    assertEquals(1, cache.stats().dropped());
    assertEquals(1, cache.stats().notices());
    cache.offer(AOR, found, askedBefore, NOW);
    assertNull(cache.get(AOR, NOW), "the answer may predate the change the notice was for");
    cache.offer("alice@example.com", found, askedBefore, NOW);
    assertSame(found, cache.get("alice@example.com", NOW), "a notice for another AOR does not matter");
    cache.offer(AOR, found, cache.askToken(), NOW);
    assertSame(found, cache.get(AOR, NOW), "asked after the notice");
  }

  @Test
  void aChangeIsDroppedHereAndBroadcast() {
    BindingsCache cache = cache(Duration.ofMinutes(5), 10);
    List<BindingsChanged> sent = new ArrayList<>();
    cache.broadcastThrough(sent::add);
    cache.offer(AOR, bindings(binding("sip:bob@127.0.0.1:5070", NOW + 60_000)), cache.askToken(), NOW);
    cache.changed(AOR);
    assertNull(cache.get(AOR, NOW));
    assertEquals(List.of(new BindingsChanged(AOR)), sent);
  }

  @Test
  void clearingDropsEverythingAndAnswersInFlight() {
    BindingsCache cache = cache(Duration.ofMinutes(5), 10);
    Bindings found = bindings(binding("sip:bob@127.0.0.1:5070", NOW + 60_000));
    cache.offer(AOR, found, cache.askToken(), NOW);
    long inFlight = cache.askToken();
    cache.clear();
    assertNull(cache.get(AOR, NOW));
    cache.offer("alice@example.com", found, inFlight, NOW);
    assertNull(cache.get("alice@example.com", NOW), "a notice for it may have been lost");
  }

  @Test
  void manyNoticesAreForgottenTogetherAndTheAnswersInFlightThenAreNotKept() {
    BindingsCache cache = cache(Duration.ofMinutes(5), 10);
    Bindings found = bindings(binding("sip:bob@127.0.0.1:5070", NOW + 60_000));
    long inFlight = cache.askToken();
    for (int i = 0; i <= BindingsCache.MAX_NOTICES; i++) {
      cache.forget("user" + i + "@example.com");
    }
    cache.offer("someone@example.com", found, inFlight, NOW);
    assertNull(cache.get("someone@example.com", NOW));
    cache.offer("someone@example.com", found, cache.askToken(), NOW);
    assertSame(found, cache.get("someone@example.com", NOW));
  }

  @Test
  void itHoldsAtMostMaxEntries() {
    BindingsCache cache = cache(Duration.ofMinutes(5), 3);
    for (int i = 0; i < 10; i++) {
      cache.offer("user" + i + "@example.com", bindings(binding("sip:u@127.0.0.1:" + (5000 + i), NOW + 60_000)),
          cache.askToken(), NOW);
    }
    assertEquals(3, cache.stats().entries());
    assertTrue(cache.get("user9@example.com", NOW) != null, "the newest is kept");
  }

  @Test
  void offHoldsNothing() {
    BindingsCache cache = BindingsCache.off();
    cache.offer(AOR, bindings(binding("sip:bob@127.0.0.1:5070", NOW + 60_000)), cache.askToken(), NOW);
    assertNull(cache.get(AOR, NOW));
    assertFalse(cache.settings().enabled());
  }

  @Test
  void whatOutdatesAHeldSet() {
    Binding a = binding("sip:bob@127.0.0.1:5070", NOW + 60_000);
    Binding b = binding("sip:bob@127.0.0.1:5071", NOW + 60_000);
    assertFalse(BindingsCache.outdates(List.of(a, b), List.of(b, a)), "the same set in another order");
    assertFalse(BindingsCache.outdates(List.of(a), List.of(a.refreshedInMemory(NOW + 90_000, "reg-2", 2))),
        "a refresh to a later expiry, with another Call-ID and CSeq");
    assertTrue(BindingsCache.outdates(List.of(a), List.of(a.withExpiresAt(NOW + 30_000))), "an earlier expiry");
    assertTrue(BindingsCache.outdates(List.of(a), List.of(a, b)), "a binding added");
    assertTrue(BindingsCache.outdates(List.of(a, b), List.of(a)), "a binding removed");
    assertFalse(BindingsCache.outdates(List.of(), List.of(a)), "the first binding: nobody holds any");
    Binding moved = new Binding(a.contact(), a.q(), a.params(), a.expiresAt(), a.leaseUntil(), a.callId(), a.cseq(),
        "udp:127.0.0.1:6000", a.path(), a.instanceId(), a.regId(), "udp:127.0.0.1:6000", a.registeredAt());
    assertTrue(BindingsCache.outdates(List.of(a), List.of(moved)), "the same contact through another flow");
    Binding preferred = new Binding(a.contact(), 500, a.params(), a.expiresAt(), a.leaseUntil(), a.callId(),
        a.cseq(), a.flowId(), a.path(), a.instanceId(), a.regId(), a.received(), a.registeredAt());
    assertTrue(BindingsCache.outdates(List.of(a), List.of(preferred)), "another q");
  }
}
