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
}
