package io.parley.registrar;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * How many REGISTERs a node has handed to AOR entities and not answered yet, and the bound on
 * them ({@code parley.registrar.max-pending}). After an outage every phone registers again at
 * once; beyond what the node can answer, each REGISTER would wait in a queue, be retransmitted
 * by its phone (RFC 3261 §17.1.2.2: every 500 ms up to 4 s, for 32 s) and queue again, until the
 * memory is gone. So a retransmission of a REGISTER still pending here is absorbed (its first copy
 * will be answered), and past the bound a REGISTER is answered at once 503 with a Retry-After
 * (RFC 3261 §21.5.4, §20.33) spread over {@code busy-retry-after} to twice that, or wider while
 * the node refuses far more than it answers ({@link #retryAfterSeconds()}), so the phones come
 * back spread out rather than together.
 *
 * <p>A count alone does not say how long a REGISTER waits: after a restart each one recovers its
 * AOR from the journal, and 2,000 pending took longer to answer than a phone waits. So the bound
 * is also what the node answers in {@code max-pending-wait} at the rate it has answered lately
 * (Little's law: waiting = pending / rate), never under {@link #FLOOR}, which a node that was idle
 * takes at once and which keeps answers, and so the rate, coming. Thread-safe; one per node.
 */
public final class RegisterAdmission {
  /** A node that never refuses: for tests of other things. */
  public static RegisterAdmission unbounded() {
    return new RegisterAdmission(Integer.MAX_VALUE, Duration.ZERO, Duration.ofSeconds(30), System::nanoTime);
  }

  /** The bound however slowly the node answers. */
  static final int FLOOR = 200;
  /** The longest spread of Retry-After values past busy-retry-after. */
  static final long MAX_SPREAD_SECONDS = 600;
  /** The rate is measured over windows of at least this. */
  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final int maxPending;
  private final long maxWaitNanos;
  private final Duration retryAfter;
  private final LongSupplier nanos;
  private final AtomicInteger answeredInWindow = new AtomicInteger();
  private final AtomicLong windowStart;
  /** REGISTERs answered per second lately, smoothed over windows; 0 until the first window ends. */
  private volatile double rate;
  private final AtomicInteger refusedInWindow = new AtomicInteger();
  /** REGISTERs refused per second lately, smoothed as {@link #rate}. */
  private volatile double refusedRate;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final AtomicInteger count = new AtomicInteger();
  private final LongAdder busy = new LongAdder();
  private final LongAdder absorbed = new LongAdder();
  private final LongAdder overloaded = new LongAdder();
  private volatile LongPredicate behind = now -> false;

  /**
   * @param maxPending REGISTERs handed to AOR entities and not answered yet, at most; 1..1000000
   * @param maxWait the longest the pending REGISTERs may take to answer at the recent rate;
   *     0 (no such bound) or 100ms..5min
   * @param retryAfter the least Retry-After of a 503 for a REGISTER past it; 1s..1h
   * @param nanos the clock the rate is measured by ({@link System#nanoTime})
   */
  public RegisterAdmission(int maxPending, Duration maxWait, Duration retryAfter, LongSupplier nanos) {
    if (maxPending < 1 || maxPending > 1_000_000 && maxPending != Integer.MAX_VALUE) {
      throw new ConfigException.BadValue("parley.registrar.max-pending", "must be 1..1000000, was " + maxPending);
    }
    if (!maxWait.isZero() && (maxWait.compareTo(Duration.ofMillis(100)) < 0
        || maxWait.compareTo(Duration.ofMinutes(5)) > 0)) {
      throw new ConfigException.BadValue("parley.registrar.max-pending-wait", "must be 0 or 100ms..5m, was " + maxWait);
    }
    if (retryAfter.compareTo(Duration.ofSeconds(1)) < 0 || retryAfter.compareTo(Duration.ofHours(1)) > 0) {
      throw new ConfigException.BadValue("parley.registrar.busy-retry-after", "must be 1s..1h, was " + retryAfter);
    }
    this.maxPending = maxPending;
    this.maxWaitNanos = maxWait.toNanos();
    this.retryAfter = retryAfter;
    this.nanos = nanos;
    this.windowStart = new AtomicLong(nanos.getAsLong());
  }

  /**
   * Reads {@code max-pending}, {@code max-pending-wait} and {@code busy-retry-after} of {@code
   * parley.registrar}.
   *
   * @throws ConfigException.BadValue naming the key of a value out of range
   */
  public static RegisterAdmission from(Config registrar) {
    return new RegisterAdmission(registrar.getInt("max-pending"), registrar.getDuration("max-pending-wait"),
        registrar.getDuration("busy-retry-after"), System::nanoTime);
  }

  /** What to do with a REGISTER whose Call-ID and CSeq are {@code key}. */
  enum Verdict { ADMIT, ABSORB, BUSY }

  Verdict admit(String key) {
    if (!pending.add(key)) {
      absorbed.increment();
      return Verdict.ABSORB;
    }
    if (count.incrementAndGet() > bound()) {
      count.decrementAndGet();
      pending.remove(key);
      refuse();
      return Verdict.BUSY;
    }
    return Verdict.ADMIT;
  }

  /**
   * Whether REGISTER {@code key} is to be answered 503 before it is even authenticated: the
   * bound is reached and it is not a retransmission of a pending one. In a storm most REGISTERs
   * are refused; refused before their challenge, each costs the node one answer instead of a
   * challenge, a digest check and an answer, and the phone one round trip instead of two.
   */
  boolean refusesBeforeAuthentication(String key) {
    if (pending.contains(key)) {
      return false;
    }
    if (behind.test(System.nanoTime())) {
      overloaded.increment();
      refuse();
      return true;
    }
    if (count.get() < bound()) {
      return false;
    }
    refuse();
    return true;
  }

  /**
   * From now on a REGISTER that is not a retransmission of a pending one is also refused while
   * {@code behind} says the node is behind ({@code parley.limits.max-receive-delay}).
   */
  public void refuseWhileBehind(LongPredicate behind) {
    this.behind = behind;
  }

  /** REGISTERs answered 503 since the start because the node was behind. */
  public long overloaded() {
    return overloaded.sum();
  }

  private void refuse() {
    busy.increment();
    refusedInWindow.incrementAndGet();
  }

  /** The admitted REGISTER {@code key} is answered. */
  void answered(String key) {
    if (pending.remove(key)) {
      count.decrementAndGet();
      answeredInWindow.incrementAndGet();
    }
  }

  /** How many may be pending now: {@code max-pending}, or fewer when answers have been slow. */
  int bound() {
    if (maxWaitNanos == 0) {
      return maxPending;
    }
    long now = nanos.getAsLong();
    long start = windowStart.get();
    long elapsed = now - start;
    if (elapsed >= WINDOW_NANOS && windowStart.compareAndSet(start, now)) {
      double measured = answeredInWindow.getAndSet(0) * 1e9 / elapsed;
      double before = rate;
      rate = before == 0 ? measured : (before + measured) / 2;
      refusedRate = (refusedRate + refusedInWindow.getAndSet(0) * 1e9 / elapsed) / 2;
    }
    double inWait = rate * maxWaitNanos / 1e9;
    return (int) Math.min(maxPending, Math.max(FLOOR, inWait));
  }

  /**
   * Seconds for a 503's Retry-After: {@code busy-retry-after} and up to as much again at random,
   * or, when the node refuses more than that spread would bring back at the rate it answers, up
   * to the time it needs to answer what it refused in a second (at most {@link
   * #MAX_SPREAD_SECONDS}). Phones told to come back together come back together: after an
   * outage the retries of refused phones would otherwise be most of the storm (bench/RESULTS.md).
   */
  long retryAfterSeconds() {
    long s = retryAfter.toSeconds();
    long needed = (long) (refusedRate / Math.max(rate, 1.0));
    long spread = Math.max(s, Math.min(MAX_SPREAD_SECONDS, needed));
    return s + ThreadLocalRandom.current().nextLong(spread + 1);
  }

  /** REGISTERs pending now. */
  public int pending() {
    return count.get();
  }

  /** REGISTERs answered 503 since the start: the node had max-pending waiting. */
  public long busy() {
    return busy.sum();
  }

  /** Retransmissions of pending REGISTERs absorbed since the start. */
  public long absorbed() {
    return absorbed.sum();
  }
}
