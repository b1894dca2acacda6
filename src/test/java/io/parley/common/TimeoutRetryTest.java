package io.parley.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimeoutRetryTest {
  private final AtomicInteger asked = new AtomicInteger();

  @Test
  void aTimeoutIsAskedAgainUntilAnAnswerComes() throws Exception {
    var answer = TimeoutRetry.ask(() -> asked.incrementAndGet() < 3
        ? CompletableFuture.<String>failedFuture(new TimeoutException("lost")) : CompletableFuture.completedFuture("ok"),
        6, Runnable::run);
    assertEquals("ok", answer.toCompletableFuture().get());
    assertEquals(3, asked.get());
  }

  @Test
  void afterTheLastAttemptTheTimeoutStands() {
    var answer = TimeoutRetry.ask(() -> {
      asked.incrementAndGet();
      return CompletableFuture.<String>failedFuture(new TimeoutException("lost"));
    }, 4, Runnable::run);
    ExecutionException e = assertThrows(ExecutionException.class, () -> answer.toCompletableFuture().get());
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertEquals(4, asked.get());
  }

  @Test
  void anotherFailureIsNotRetried() {
    var answer = TimeoutRetry.ask(() -> {
      asked.incrementAndGet();
      return CompletableFuture.<String>failedFuture(new IllegalStateException("refused"));
    }, 4, Runnable::run);
    ExecutionException e = assertThrows(ExecutionException.class, () -> answer.toCompletableFuture().get());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals(1, asked.get());
  }
}
