package io.parley.common;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * An ask made again when it times out: what a sharded entity is asked while its node may have
 * died. Until the cluster has downed that node and started the entity elsewhere, each ask is
 * lost; a later one reaches the entity where it lives then (DESIGN.md, Cluster: a dead node's
 * work is delayed, not failed). The timeouts are the caller's to choose: long enough that an ask
 * that is only slow (its shard being allocated, its entity recovering) is not multiplied by
 * retries that would crowd the same queue. Other failures are not retried.
 */
public final class TimeoutRetry {
  private TimeoutRetry() {}

  /**
   * {@code ask} made with each of {@code timeouts} in turn, again after each timeout; the last
   * attempt's outcome otherwise. The next attempt starts on {@code executor}.
   */
  public static <T> CompletionStage<T> ask(Function<Duration, CompletionStage<T>> ask, List<Duration> timeouts,
      Executor executor) {
    return attempt(ask, timeouts, 0, executor);
  }

  private static <T> CompletionStage<T> attempt(Function<Duration, CompletionStage<T>> ask, List<Duration> timeouts,
      int i, Executor executor) {
    CompletionStage<T> once = ask.apply(timeouts.get(i));
    if (i == timeouts.size() - 1) {
      return once;
    }
    return once.exceptionallyComposeAsync(failure -> isTimeout(failure) ? attempt(ask, timeouts, i + 1, executor)
        : CompletableFuture.failedStage(failure), executor);
  }

  /** The sum of {@code timeouts}: how long an ask may take in all. */
  public static Duration patience(List<Duration> timeouts) {
    Duration sum = Duration.ZERO;
    for (Duration d : timeouts) {
      sum = sum.plus(d);
    }
    return sum;
  }

  static boolean isTimeout(Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return t instanceof TimeoutException;
  }
}
