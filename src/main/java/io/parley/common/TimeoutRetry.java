package io.parley.common;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * An ask made again when it times out: what a sharded entity is asked while its node may have
 * died. Until the cluster has downed that node and started the entity elsewhere, each ask is
 * lost; a later one reaches the entity where it lives then (DESIGN.md, Cluster: a dead node's
 * work is delayed, not failed). Other failures are not retried.
 */
public final class TimeoutRetry {
  private TimeoutRetry() {}

  /**
   * {@code ask} made up to {@code attempts} times, again after each timeout; the last attempt's
   * outcome otherwise. The next attempt starts on {@code executor}.
   */
  public static <T> CompletionStage<T> ask(Supplier<CompletionStage<T>> ask, int attempts, Executor executor) {
    CompletionStage<T> once = ask.get();
    if (attempts <= 1) {
      return once;
    }
    return once.exceptionallyComposeAsync(failure -> isTimeout(failure) ? ask(ask, attempts - 1, executor)
        : CompletableFuture.failedStage(failure), executor);
  }

  static boolean isTimeout(Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return t instanceof TimeoutException;
  }
}
