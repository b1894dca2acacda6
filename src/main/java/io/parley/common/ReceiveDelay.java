package io.parley.common;

import java.time.Duration;

/**
 * How long a datagram that reaches the node now waits before the node works on it: its queue in
 * the UDP socket's receive buffer, then behind the tasks (actors' messages) queued on the loop
 * that reads the socket. Measured, not
 * guessed: the node sends itself a probe datagram every {@link #PROBE_INTERVAL} and notes when it
 * is read ({@code transport.ReceiveProbe}); a probe not read yet counts with its age so far, so
 * the measure rises as soon as the queue does, not once it has drained.
 *
 * <p>While it exceeds the bound ({@code parley.limits.max-receive-delay}) the node is behind:
 * new calls and REGISTERs are answered 503 with Retry-After (RFC 3261 §21.5.4) before any
 * state or digest is spent on them, while what finishes work already taken (ACKs, CANCELs,
 * in-dialog requests, responses, retransmissions of requests it holds) still goes in. Without
 * this a node offered more than it can do queued everything, a second and more deep, until
 * phones retransmitted into the queue (bench/RESULTS.md, overload). Thread-safe, lock-free.
 */
public final class ReceiveDelay {
  /** How often the probe is sent. */
  public static final Duration PROBE_INTERVAL = Duration.ofMillis(50);
  /** A probe unread this long may have been dropped with the socket full: another goes out. */
  public static final Duration PROBE_LOST_AFTER = Duration.ofSeconds(1);

  /** A node that measures nothing and is never behind. */
  public static final ReceiveDelay NONE = new ReceiveDelay(Duration.ZERO);

  private final long boundNanos;
  /** When the oldest probe not read yet went out; 0 when none is out. */
  private volatile long outSince;
  private volatile long lastDelay;

  /** @param bound the longest wait before the node is behind; zero: never behind */
  public ReceiveDelay(Duration bound) {
    this.boundNanos = bound.toNanos();
  }

  /** Whether anything is measured: a probe is worth sending. */
  public boolean measured() {
    return boundNanos > 0;
  }

  /**
   * Whether to send a probe at {@code now} ({@link System#nanoTime()}): none is out, or the one
   * out is likely lost. Marks one out from {@code now} if none was.
   */
  public boolean probeDue(long now) {
    long since = outSince;
    if (since == 0) {
      outSince = now;
      return true;
    }
    return now - since > PROBE_LOST_AFTER.toNanos();
  }

  /** A probe was read at {@code now}: the wait of the oldest one out is the delay now. */
  public void probeRead(long now) {
    long since = outSince;
    if (since != 0) {
      lastDelay = now - since;
      outSince = 0;
    }
  }

  /** The wait of the last probe read, or of the one out if it has waited longer. */
  public long delayNanos(long now) {
    long since = outSince;
    long waiting = since == 0 ? 0 : now - since;
    return Math.max(waiting, lastDelay);
  }

  /** Whether the node is behind at {@code now}: the delay is over the bound. */
  public boolean behind(long now) {
    return boundNanos > 0 && delayNanos(now) > boundNanos;
  }
}
