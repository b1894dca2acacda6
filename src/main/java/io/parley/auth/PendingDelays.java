package io.parley.auth;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delayed answers to failed attempts waiting on a node ({@link FailureSettings#maxPendingDelayed}):
 * each holds a response and a scheduled task, so a guesser that does not wait for its answers
 * must not be able to pile them up. Beyond the cap the answer is dropped and counted; the UA
 * retransmits or gives up, as it would on a lost datagram. Thread-safe.
 */
public final class PendingDelays {
  private final int max;
  private final AuthStats stats;
  private final AtomicInteger pending = new AtomicInteger();

  PendingDelays(int max, AuthStats stats) {
    this.max = max;
    this.stats = stats;
  }

  /** Takes a place for one delayed answer; false (counted) when none is free: drop the answer. */
  public boolean tryAcquire() {
    for (int n = pending.get(); n < max; n = pending.get()) {
      if (pending.compareAndSet(n, n + 1)) {
        return true;
      }
    }
    stats.delayedDropped.increment();
    return false;
  }

  /** Gives back the place of an answer sent (or abandoned). */
  public void release() {
    pending.decrementAndGet();
  }

  /** Answers waiting now. */
  public int pending() {
    return pending.get();
  }
}
