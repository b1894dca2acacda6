package io.parley.common;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a datagram that reaches the node now waits before the node works on it: its queue in
 * the UDP socket's receive buffer, then behind the tasks (actors' messages) queued on the loop
 * that reads the socket. Measured, not
 * guessed: the node sends itself a probe datagram every {@link #PROBE_INTERVAL} and notes when it
 * is read ({@code transport.ReceiveProbe}); a probe not read yet counts with its age so far, so
 * the measure rises as soon as the queue does, not once it has drained.
 *
 * <p>While it nears or exceeds the bound ({@code parley.limits.max-receive-delay}) the node
 * takes a share of new work only ({@link #adjust}, {@link #sheds}): the other new calls and
 * REGISTERs are answered 503 with Retry-After (RFC 3261 §21.5.4) before any state or digest is
 * spent on them, while what finishes work already taken (ACKs, CANCELs,
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

  /** The least share of new work taken, so that the node still learns whether it caught up. */
  static final double MIN_SHARE = 0.02;
  /** What the share grows by per interval while the node keeps up: from the least to all in 0.5 s. */
  static final double SHARE_STEP = 0.1;

  private final long boundNanos;
  private volatile double share = 1.0;
  private final AtomicLong offered = new AtomicLong();
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

  /**
   * Moves the share of new work the node takes; called once per {@link #PROBE_INTERVAL}.
   * Additive increase, multiplicative decrease, as TCP's congestion window and RFC 7339's
   * rate-based SIP overload control: halved while the delay is over the bound, down by a quarter
   * while it is over half of it, up by {@link #SHARE_STEP} while it is under a quarter of it,
   * held between. Refusing everything the moment the bound was crossed, and taking everything
   * once it was not, made the queue swing between full and empty (bench/RESULTS.md, overload);
   * a share settles where the queue stays short.
   */
  public void adjust(long now) {
    if (boundNanos == 0) {
      return;
    }
    long d = delayNanos(now);
    double s = share;
    if (d > boundNanos) {
      s *= 0.5;
    } else if (d > boundNanos / 2) {
      s *= 0.75;
    } else if (d < boundNanos / 4) {
      s += SHARE_STEP;
    }
    share = Math.max(MIN_SHARE, Math.min(1.0, s));
  }

  /** The share of new work taken now, 1 when the node keeps up. */
  public double share() {
    return share;
  }

  /**
   * Whether to refuse the next piece of new work (a call's first request, a REGISTER): none at a
   * full share, else evenly all but {@link #share()} of them. Each call counts as one offered.
   */
  public boolean sheds() {
    double s = share;
    if (s >= 1.0) {
      return false;
    }
    long n = offered.incrementAndGet();
    return (long) (n * s) == (long) ((n - 1) * s);
  }
}
