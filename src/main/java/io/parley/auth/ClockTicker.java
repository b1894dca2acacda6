package io.parley.auth;

import com.google.common.base.Ticker;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** A Guava cache's time read from a {@link Clock}, so that tests can move it. */
final class ClockTicker extends Ticker {
  private final Clock clock;

  ClockTicker(Clock clock) {
    this.clock = clock;
  }

  @Override
  public long read() {
    return TimeUnit.MILLISECONDS.toNanos(clock.millis());
  }
}
