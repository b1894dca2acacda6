package io.parley.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TimeoutRetryTest {
  private static final List<Duration> TIMEOUTS = List.of(Duration.ofSeconds(2), Duration.ofSeconds(4),
      Duration.ofSeconds(8), Duration.ofSeconds(10));
  private final List<Duration> asked = new ArrayList<>();

  @Test
  void aTimeoutIsAskedAgainWithTheNextLongerTimeoutUntilAnAnswerComes() throws Exception {
    var answer = TimeoutRetry.ask(t -> {
      asked.add(t);
      return asked.size() < 3 ? CompletableFuture.<String>failedFuture(new TimeoutException("lost"))
          : CompletableFuture.completedFuture("ok");
    }, TIMEOUTS, Runnable::run);
    assertEquals("ok", answer.toCompletableFuture().get());
    assertEquals(TIMEOUTS.subList(0, 3), asked);
  }

  @Test
  void afterTheLastTimeoutTheTimeoutStands() {
    var answer = TimeoutRetry.ask(t -> {
      asked.add(t);
      return CompletableFuture.<String>failedFuture(new TimeoutException("lost"));
    }, TIMEOUTS, Runnable::run);
    ExecutionException e = assertThrows(ExecutionException.class, () -> answer.toCompletableFuture().get());
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertEquals(TIMEOUTS, asked);
    assertEquals(Duration.ofSeconds(24), TimeoutRetry.patience(TIMEOUTS));
  }

  @Test
  void anotherFailureIsNotRetried() {
    var answer = TimeoutRetry.ask(t -> {
      asked.add(t);
      return CompletableFuture.<String>failedFuture(new IllegalStateException("refused"));
    }, TIMEOUTS, Runnable::run);
    ExecutionException e = assertThrows(ExecutionException.class, () -> answer.toCompletableFuture().get());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals(1, asked.size());
  }
}
