package io.parley.transport;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused and closed connections at INFO, at most one line per {@link CloseReason} per
 * interval, with the number left out since the last line: a flood of connections costs a line
 * every few seconds, not one per connection. {@link #flush()}, called every interval, tells what
 * was left out when no later close of the same reason came to tell it. Safe from any thread.
 */
final class ConnectionCloseLog {

  /** How often each reason may log. */
  static final Duration INTERVAL = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(ConnectionCloseLog.class);
  private static final long NEVER = Long.MIN_VALUE;

  private final long intervalNanos;
  private final AtomicLongArray lastLine;
  private final LongAdder[] leftOut;

  ConnectionCloseLog() {
    this(INTERVAL);
  }

  ConnectionCloseLog(Duration interval) {
    this.intervalNanos = interval.toNanos();
    int n = CloseReason.values().length;
    this.lastLine = new AtomicLongArray(n);
    this.leftOut = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      lastLine.set(i, NEVER);
      leftOut[i] = new LongAdder();
    }
  }

  /**
   * Logs one close, or counts it as left out when its reason logged within the interval.
   *
   * @return whether a line was written
   */
  boolean closed(CloseReason reason, SocketAddress remote, String why) {
    int i = reason.ordinal();
    long now = System.nanoTime();
    long last = lastLine.get(i);
    if ((last != NEVER && now - last < intervalNanos) || !lastLine.compareAndSet(i, last, now)) {
      leftOut[i].increment();
      return false;
    }
    long more = leftOut[i].sumThenReset();
    if (more > 0) {
      log.info("tcp {}: {} ({} more {} since the last line)", remote, why, more,
          reason.summary);
    } else {
      log.info("tcp {}: {}", remote, why);
    }
    return true;
  }

  /** Logs, per reason, the closes left out whose interval has passed without a line. */
  void flush() {
    long now = System.nanoTime();
    for (CloseReason reason : CloseReason.values()) {
      int i = reason.ordinal();
      long last = lastLine.get(i);
      if (leftOut[i].sum() == 0 || (last != NEVER && now - last < intervalNanos)
          || !lastLine.compareAndSet(i, last, now)) {
        continue;
      }
      long more = leftOut[i].sumThenReset();
      if (more > 0) {
        log.info("tcp: {} more connections {} since the last line", more, reason.summary);
      }
    }
  }
}
