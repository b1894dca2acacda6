package io.parley.registrar;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many REGISTERs a node has handed to AOR entities and not answered yet, and the bound on
 * them ({@code parley.registrar.max-pending}). After an outage every phone registers again at
 * once; beyond what the node can answer, each REGISTER would wait in a queue, be retransmitted
 * by its phone (RFC 3261 §17.1.2.2: every 500 ms up to 4 s, for 32 s) and queue again, until the
 * memory is gone. So a retransmission of a REGISTER still pending here is absorbed (its first copy
 * will be answered), and past the bound a REGISTER is answered at once 503 with a Retry-After
 * (RFC 3261 §21.5.4, §20.33) spread over {@code busy-retry-after} to twice that, so the phones come
 * back spread out rather than together. Thread-safe; one per node.
 */
public final class RegisterAdmission {
  /** A node that never refuses: for tests of other things. */
  public static RegisterAdmission unbounded() {
    return new RegisterAdmission(Integer.MAX_VALUE, Duration.ofSeconds(30));
  }

  private final int maxPending;
  private final Duration retryAfter;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final AtomicInteger count = new AtomicInteger();
  private final LongAdder busy = new LongAdder();
  private final LongAdder absorbed = new LongAdder();

  /**
   * @param maxPending REGISTERs handed to AOR entities and not answered yet, at most; 1..1000000
   * @param retryAfter the least Retry-After of a 503 for a REGISTER past it; 1s..1h
   */
  public RegisterAdmission(int maxPending, Duration retryAfter) {
    if (maxPending < 1 || maxPending > 1_000_000 && maxPending != Integer.MAX_VALUE) {
      throw new ConfigException.BadValue("parley.registrar.max-pending", "must be 1..1000000, was " + maxPending);
    }
    if (retryAfter.compareTo(Duration.ofSeconds(1)) < 0 || retryAfter.compareTo(Duration.ofHours(1)) > 0) {
      throw new ConfigException.BadValue("parley.registrar.busy-retry-after", "must be 1s..1h, was " + retryAfter);
    }
    this.maxPending = maxPending;
    this.retryAfter = retryAfter;
  }

  /**
   * Reads {@code max-pending} and {@code busy-retry-after} of {@code parley.registrar}.
   *
   * @throws ConfigException.BadValue naming the key of a value out of range
   */
  public static RegisterAdmission from(Config registrar) {
    return new RegisterAdmission(registrar.getInt("max-pending"), registrar.getDuration("busy-retry-after"));
  }

  /** What to do with a REGISTER whose Call-ID and CSeq are {@code key}. */
  enum Verdict { ADMIT, ABSORB, BUSY }

  Verdict admit(String key) {
    if (!pending.add(key)) {
      absorbed.increment();
      return Verdict.ABSORB;
    }
    if (count.incrementAndGet() > maxPending) {
      count.decrementAndGet();
      pending.remove(key);
      busy.increment();
      return Verdict.BUSY;
    }
    return Verdict.ADMIT;
  }

  /** The admitted REGISTER {@code key} is answered. */
  void answered(String key) {
    if (pending.remove(key)) {
      count.decrementAndGet();
    }
  }

  /** Seconds for a 503's Retry-After: {@code busy-retry-after} to twice that, at random. */
  long retryAfterSeconds() {
    long s = retryAfter.toSeconds();
    return s + ThreadLocalRandom.current().nextLong(s + 1);
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
