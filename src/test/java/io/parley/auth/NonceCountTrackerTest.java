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
    assertTrue(tracker.accept("n1", 1));
    assertTrue(tracker.accept("n1", 2));
    assertFalse(tracker.accept("n1", 2));
    assertFalse(tracker.accept("n1", 1));
    assertTrue(tracker.accept("n1", 3));
  }

  @Test
  void countsThatOvertookEachOtherAreEachAcceptedOnce() {
    assertTrue(tracker.accept("n1", 1));
    assertTrue(tracker.accept("n1", 5));
    assertTrue(tracker.accept("n1", 3));
    assertTrue(tracker.accept("n1", 4));
    assertTrue(tracker.accept("n1", 2));
    for (int nc = 1; nc <= 5; nc++) {
      assertFalse(tracker.accept("n1", nc), "nc " + nc);
    }
  }

  @Test
  void countsBelowTheWindowAreRefused() {
    assertTrue(tracker.accept("n1", 1));
    long highest = 1 + NonceCountTracker.WINDOW + 10;
    assertTrue(tracker.accept("n1", highest));
    assertFalse(tracker.accept("n1", 5), "unseen, but too far behind to tell");
    assertFalse(tracker.accept("n1", highest - NonceCountTracker.WINDOW), "just outside the window");
    assertTrue(tracker.accept("n1", highest - NonceCountTracker.WINDOW + 1), "the oldest inside the window");
  }

  @Test
  void aJumpBeyondTheWindowForgetsTheOldBitmap() {
    assertTrue(tracker.accept("n1", 1));
    assertTrue(tracker.accept("n1", 1_000));
    assertFalse(tracker.accept("n1", 1_000));
    assertTrue(tracker.accept("n1", 999));
  }

  @Test
  void noncesAreIndependent() {
    assertTrue(tracker.accept("n1", 1));
    assertTrue(tracker.accept("n2", 1));
    assertFalse(tracker.accept("n2", 1));
    assertEquals(2, tracker.size());
  }

  @Test
  void entriesAreKeptForTheRetentionAndThenDropped() {
    assertTrue(tracker.accept("n1", 1));
    clock.advance(RETENTION);
    tracker.sweep();
    assertFalse(tracker.accept("n1", 1), "still remembered while the nonce can be used");
    clock.advance(RETENTION.dividedBy(NonceCountTracker.SLICES).plusSeconds(1));
    tracker.sweep();
    assertEquals(0, tracker.size());
  }

  @Test
  void anEntryFoundInAnOlderBucketStaysOne() {
    assertTrue(tracker.accept("n1", 1));
    clock.advance(Duration.ofSeconds(100));
    assertTrue(tracker.accept("n1", 2));
    assertTrue(tracker.accept("n2", 1));
    assertEquals(2, tracker.size());
    assertFalse(tracker.accept("n1", 2));
  }

  @Test
  void neverHoldsMoreThanItsLimit() {
    NonceCountTracker small = new NonceCountTracker(RETENTION, 50, clock);
    for (int i = 0; i < 1_000; i++) {
      assertTrue(small.accept("nonce-" + i, 1));
      assertTrue(small.size() <= 50, "size " + small.size());
      if (i % 20 == 0) {
        clock.advance(Duration.ofSeconds(10));
      }
    }
    // The newest are still protected.
    assertFalse(small.accept("nonce-999", 1));
  }

  @Test
  void theLimitHoldsWhenEverythingArrivesInOneSlice() {
    NonceCountTracker small = new NonceCountTracker(RETENTION, 10, clock);
    for (int i = 0; i < 100; i++) {
      small.accept("nonce-" + i, 1);
      assertTrue(small.size() <= 10);
    }
  }

  @Test
  void keysSpreadOverSimilarNonces() {
    assertNotEquals(NonceCountTracker.keyOf("AAAA"), NonceCountTracker.keyOf("AAAB"));
    assertNotEquals(NonceCountTracker.keyOf("AB"), NonceCountTracker.keyOf("BA"));
  }
}
