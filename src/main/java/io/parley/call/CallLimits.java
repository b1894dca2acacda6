package io.parley.call;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.parley.common.ReceiveDelay;
import java.time.Duration;

/**
 * {@code parley.limits}: how much call state this node keeps before it refuses new calls with
 * 503 (RFC 3261 §21.5.4), so that no sender can grow its memory without bound. Kamailio refuses
 * new transactions once its shared memory is spent; these are the same limit, counted in calls.
 *
 * @param maxCalls the most Call-ID entities live on this node; a new request past it gets 503.
 *     1..10,000,000
 * @param maxStrangerCalls of those, the most opened by strangers (neither authenticated nor
 *     trusted: a foreign caller reaching our users, in-dialog requests); at most {@code maxCalls}
 * @param maxQueueDelay the longest a request may have waited for its call entity: while the
 *     entities report waits above it, new requests get 503 instead of queueing behind them.
 *     10 ms..60 s
 * @param maxReceiveDelay the longest a datagram may wait to be read ({@link ReceiveDelay}):
 *     past it, new calls and REGISTERs get 503 before any work is spent on them. Zero: no such
 *     bound; else 10 ms..10 s
 */
public record CallLimits(int maxCalls, int maxStrangerCalls, Duration maxQueueDelay, Duration maxReceiveDelay) {

  public static final CallLimits DEFAULT = new CallLimits(50_000, 20_000, Duration.ofSeconds(1),
      Duration.ofMillis(200));

  /** Limits without a bound on the receive delay. */
  public CallLimits(int maxCalls, int maxStrangerCalls, Duration maxQueueDelay) {
    this(maxCalls, maxStrangerCalls, maxQueueDelay, Duration.ZERO);
  }

  public CallLimits {
    if (maxCalls < 1 || maxCalls > 10_000_000) {
      throw new IllegalArgumentException("max-calls must be between 1 and 10000000, was " + maxCalls);
    }
    if (maxStrangerCalls < 0 || maxStrangerCalls > maxCalls) {
      throw new IllegalArgumentException("max-stranger-calls must be between 0 and max-calls, was "
          + maxStrangerCalls);
    }
    if (maxQueueDelay.compareTo(Duration.ofMillis(10)) < 0 || maxQueueDelay.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException("max-queue-delay must be between 10ms and 60s, was " + maxQueueDelay);
    }
    if (!validReceiveDelay(maxReceiveDelay)) {
      throw new IllegalArgumentException("max-receive-delay must be 0 or between 10ms and 10s, was " + maxReceiveDelay);
    }
  }

  private static boolean validReceiveDelay(Duration d) {
    return d.isZero() || d.compareTo(Duration.ofMillis(10)) >= 0 && d.compareTo(Duration.ofSeconds(10)) <= 0;
  }

  /**
   * Reads {@code parley.limits}.
   *
   * @throws ConfigException.BadValue naming the key of a value out of range
   */
  public static CallLimits from(Config config) {
    String path = "parley.limits";
    int calls = config.getInt(path + ".max-calls");
    int strangers = config.getInt(path + ".max-stranger-calls");
    Duration delay = config.getDuration(path + ".max-queue-delay");
    if (calls < 1 || calls > 10_000_000) {
      throw new ConfigException.BadValue(path + ".max-calls", "must be between 1 and 10000000, was " + calls);
    }
    if (strangers < 0 || strangers > calls) {
      throw new ConfigException.BadValue(path + ".max-stranger-calls",
          "must be between 0 and max-calls (" + calls + "), was " + strangers);
    }
    if (delay.compareTo(Duration.ofMillis(10)) < 0 || delay.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new ConfigException.BadValue(path + ".max-queue-delay", "must be between 10ms and 60s, was " + delay);
    }
    Duration receive = config.getDuration(path + ".max-receive-delay");
    if (!validReceiveDelay(receive)) {
      throw new ConfigException.BadValue(path + ".max-receive-delay", "must be 0 or between 10ms and 10s, was " + receive);
    }
    return new CallLimits(calls, strangers, delay, receive);
  }
}
