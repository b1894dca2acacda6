package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NonceCountTrackerTest {
  private static final Duration RETENTION = Duration.ofSeconds(305);

  private final TestClock clock = new TestClock();
  private final NonceCountTracker tracker = new NonceCountTracker(RETENTION, 1_000, clock);

  @Test
  void increasingCountsAreAcceptedAndARepeatIsRefused() {
    assertTrue(tracker.accept("n1", "alice", 1));
    assertTrue(tracker.accept("n1", "alice", 2));
    assertFalse(tracker.accept("n1", "alice", 2));
    assertFalse(tracker.accept("n1", "alice", 1));
    assertTrue(tracker.accept("n1", "alice", 3));
  }

  /** A stateless registrar's retransmission presents the highest count again, from the same request. */
  @Test
  void theSameRequestMayPresentTheHighestCountAgainAndNoOtherMay() {
    assertTrue(tracker.accept("n1", "alice", 1, 11));
    assertTrue(tracker.accept("n1", "alice", 1, 11));
    assertFalse(tracker.accept("n1", "alice", 1, 12), "another request with the same count");
    assertFalse(tracker.accept("n1", "alice", 1, NonceCountTracker.NO_REQUEST_KEY));
    assertTrue(tracker.accept("n1", "alice", 2, 13));
    assertFalse(tracker.accept("n1", "alice", 1, 11), "no longer the highest: a replay");
    assertFalse(tracker.accept("n1", "alice", 2, NonceCountTracker.NO_REQUEST_KEY), "no key matches nothing");
  }

  @Test
  void countsThatOvertookEachOtherAreEachAcceptedOnce() {
    assertTrue(tracker.accept("n1", "alice", 1));
    assertTrue(tracker.accept("n1", "alice", 5));
    assertTrue(tracker.accept("n1", "alice", 3));
    assertTrue(tracker.accept("n1", "alice", 4));
    assertTrue(tracker.accept("n1", "alice", 2));
    for (int nc = 1; nc <= 5; nc++) {
      assertFalse(tracker.accept("n1", "alice", nc), "nc " + nc);
    }
  }

  @Test
  void countsBelowTheWindowAreRefused() {
    assertTrue(tracker.accept("n1", "alice", 1));
    long highest = 1 + NonceCountTracker.WINDOW + 10;
    assertTrue(tracker.accept("n1", "alice", highest));
    assertFalse(tracker.accept("n1", "alice", 5), "unseen, but too far behind to tell");
    assertFalse(tracker.accept("n1", "alice", highest - NonceCountTracker.WINDOW), "just outside the window");
    assertTrue(tracker.accept("n1", "alice", highest - NonceCountTracker.WINDOW + 1), "the oldest inside the window");
  }

  @Test
  void aJumpBeyondTheWindowForgetsTheOldBitmap() {
    assertTrue(tracker.accept("n1", "alice", 1));
    assertTrue(tracker.accept("n1", "alice", 1_000));
    assertFalse(tracker.accept("n1", "alice", 1_000));
    assertTrue(tracker.accept("n1", "alice", 999));
  }

  @Test
  void noncesAreIndependent() {
    assertTrue(tracker.accept("n1", "alice", 1));
    assertTrue(tracker.accept("n2", "alice", 1));
    assertFalse(tracker.accept("n2", "alice", 1));
    assertEquals(2, tracker.size());
  }

  @Test
  void entriesAreKeptForTheRetentionAndThenDropped() {
    assertTrue(tracker.accept("n1", "alice", 1));
    clock.advance(RETENTION);
    tracker.sweep();
    assertFalse(tracker.accept("n1", "alice", 1), "still remembered while the nonce can be used");
    clock.advance(RETENTION.dividedBy(NonceCountTracker.SLICES).plusSeconds(1));
    tracker.sweep();
    assertEquals(0, tracker.size());
  }

  @Test
  void anEntryFoundInAnOlderBucketStaysOne() {
    assertTrue(tracker.accept("n1", "alice", 1));
    clock.advance(Duration.ofSeconds(100));
    assertTrue(tracker.accept("n1", "alice", 2));
    assertTrue(tracker.accept("n2", "alice", 1));
    assertEquals(2, tracker.size());
    assertFalse(tracker.accept("n1", "alice", 2));
  }

  @Test
  void neverHoldsMoreThanItsLimit() {
    NonceCountTracker small = new NonceCountTracker(RETENTION, 50, clock);
    for (int i = 0; i < 1_000; i++) {
      assertTrue(small.accept("nonce-" + i, "alice", 1));
      assertTrue(small.size() <= 50, "size " + small.size());
      if (i % 20 == 0) {
        clock.advance(Duration.ofSeconds(10));
      }
    }
    // The newest are still protected.
    assertFalse(small.accept("nonce-999", "alice", 1));
  }

  @Test
  void theLimitHoldsWhenEverythingArrivesInOneSlice() {
    NonceCountTracker small = new NonceCountTracker(RETENTION, 10, clock);
    for (int i = 0; i < 100; i++) {
      small.accept("nonce-" + i, "alice", 1);
      assertTrue(small.size() <= 10);
    }
  }

  @Test
  void countsAreKeptPerUserOfANonce() {
    assertTrue(tracker.accept("n1", "mallory", 2));
    assertTrue(tracker.accept("n1", "alice", 2), "another user's use of the nonce does not take alice's count");
    assertFalse(tracker.accept("n1", "alice", 2));
  }

  @Test
  void theSeparatorKeepsNonceAndUserApart() {
    assertNotEquals(NonceCountTracker.keyOf("ab", "c"), NonceCountTracker.keyOf("a", "bc"));
  }

  @Test
  void keysSpreadOverSimilarNonces() {
    assertNotEquals(NonceCountTracker.keyOf("AAAA", "u"), NonceCountTracker.keyOf("AAAB", "u"));
    assertNotEquals(NonceCountTracker.keyOf("AB", "u"), NonceCountTracker.keyOf("BA", "u"));
  }

  @Test
  void aSpentNonceStaysSpentForItsRetentionForEveryUser() {
    assertFalse(tracker.isSpent("n1"));
    tracker.spend("n1");
    assertTrue(tracker.isSpent("n1"));
    assertFalse(tracker.isSpent("n2"));
    clock.advance(RETENTION);
    assertTrue(tracker.isSpent("n1"), "still within its retention (and one slice)");
    clock.advance(RETENTION.dividedBy(NonceCountTracker.SLICES).plusSeconds(1));
    assertFalse(tracker.isSpent("n1"), "a nonce that old is stale anyway");
  }

  /** Failed attempts fill their own set: they cannot push a subscriber's counts out. */
  @Test
  void spentNoncesDoNotEvictCounts() {
    NonceCountTracker small = new NonceCountTracker(RETENTION, 10, clock);
    assertTrue(small.accept("mine", "alice", 1));
    for (int i = 0; i < 100; i++) {
      small.spend("guess-" + i);
    }
    assertEquals(10, small.spentSize());
    assertEquals(1, small.size());
    assertFalse(small.accept("mine", "alice", 1), "the count is still there");
  }
}
