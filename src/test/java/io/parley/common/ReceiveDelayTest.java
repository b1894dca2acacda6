package io.parley.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReceiveDelayTest {
  private static final long MS = 1_000_000L;

  @Test
  void aProbeOutCountsWithItsAgeAndTheLastOneReadStandsUntilTheNext() {
    ReceiveDelay d = new ReceiveDelay(Duration.ofMillis(100));
    long t = 1_000 * MS;
    assertTrue(d.probeDue(t), "none out: one goes");
    assertFalse(d.probeDue(t + 50 * MS), "one at a time");
    assertFalse(d.behind(t + 100 * MS), "100 ms out: not over the bound");
    assertTrue(d.behind(t + 101 * MS), "over it while still out: the queue is long now");
    d.probeRead(t + 150 * MS);
    assertEquals(150 * MS, d.delayNanos(t + 160 * MS));
    assertTrue(d.behind(t + 160 * MS), "the last one read waited 150 ms");
    assertTrue(d.probeDue(t + 200 * MS));
    d.probeRead(t + 205 * MS);
    assertFalse(d.behind(t + 210 * MS), "the next one waited 5 ms: caught up");
  }

  @Test
  void aProbeLostWithTheSocketFullIsSentAgainAndTheNodeStaysBehind() {
    ReceiveDelay d = new ReceiveDelay(Duration.ofMillis(100));
    long t = 5_000 * MS;
    assertTrue(d.probeDue(t));
    assertFalse(d.probeDue(t + 999 * MS));
    assertTrue(d.probeDue(t + 1_001 * MS), "lost after a second: another goes");
    assertTrue(d.behind(t + 1_001 * MS));
    d.probeRead(t + 1_100 * MS);
    assertEquals(1_100 * MS, d.delayNanos(t + 1_100 * MS), "timed from the first one out");
  }

  @Test
  void withoutABoundNothingIsMeasuredAndNothingIsBehind() {
    ReceiveDelay d = ReceiveDelay.NONE;
    assertFalse(d.measured());
    d.probeDue(0);
    assertFalse(d.behind(10_000 * MS));
  }

  /** Of {@code n} pieces of new work offered, how many {@code d} takes. */
  private static int taken(ReceiveDelay d, int n) {
    int taken = 0;
    for (int i = 0; i < n; i++) {
      if (!d.sheds()) {
        taken++;
      }
    }
    return taken;
  }

  @Test
  void theShareOfNewWorkFallsWhileTheDelayIsHighHoldsAndComesBackOnceItIsLow() {
    ReceiveDelay d = new ReceiveDelay(Duration.ofMillis(100));
    long t = 1_000 * MS;
    d.adjust(t);
    assertEquals(1.0, d.share(), "keeping up: all taken");
    assertEquals(1_000, taken(d, 1_000));

    d.probeDue(t);
    d.probeRead(t + 150 * MS); // over the bound: halved
    d.adjust(t + 150 * MS);
    assertEquals(0.5, d.share(), 1e-9);
    assertEquals(500, taken(d, 1_000), "taken evenly: one in two");
    d.probeDue(t + 200 * MS);
    d.probeRead(t + 260 * MS); // over half the bound: down by a quarter
    d.adjust(t + 260 * MS);
    assertEquals(0.375, d.share(), 1e-9);
    assertEquals(375, taken(d, 1_000));
    d.probeDue(t + 300 * MS);
    d.probeRead(t + 340 * MS); // between a quarter and half: held
    d.adjust(t + 340 * MS);
    assertEquals(0.375, d.share(), 1e-9);

    for (int i = 0; i < 20; i++) {
      d.adjust(t + 360 * MS); // the last probe read waited 40 ms: held as long as that stands
    }
    d.probeDue(t + 400 * MS);
    d.probeRead(t + 410 * MS); // caught up: back up step by step
    for (int i = 0; i < 6; i++) {
      d.adjust(t + 420 * MS);
    }
    assertEquals(0.975, d.share(), 1e-9);
    d.adjust(t + 420 * MS);
    assertEquals(1.0, d.share(), "all again");
    assertEquals(1_000, taken(d, 1_000));
  }

  @Test
  void underLastingOverloadTheShareStopsAtItsLeast() {
    ReceiveDelay d = new ReceiveDelay(Duration.ofMillis(100));
    long t = 1_000 * MS;
    d.probeDue(t);
    for (int i = 1; i <= 20; i++) {
      d.adjust(t + i * 50 * MS); // a probe out for a second: over the bound at every tick from the third
    }
    assertEquals(ReceiveDelay.MIN_SHARE, d.share(), 1e-9);
    assertEquals(20, taken(d, 1_000), "a few still taken, to learn when the node has caught up");
  }

  @Test
  void withoutABoundEverythingIsTaken() {
    ReceiveDelay d = ReceiveDelay.NONE;
    d.probeDue(0);
    d.adjust(10_000 * MS);
    assertEquals(1_000, taken(d, 1_000));
  }
}
