package io.parley.auth;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Failed authentications per user of a realm, from any source: once there were more than
 * {@link FailureSettings#maxPerUser}, each within {@link FailureSettings#window} of the one
 * before, every further failed attempt is answered after a delay that starts at {@link
 * FailureSettings#delayBase} and doubles up to {@link FailureSettings#delayMax}. A success is
 * never delayed and does not reset the count, so the real user gets in during an attack and an
 * attacker who knows one password cannot clear the count with it.
 *
 * <p>Memory: an unknown user must be answered as a known one (RFC 3665 §2.5), so every user name
 * gets an entry; at most {@link FailureSettings#trackedUsers}, the least recently seen dropped
 * first, each gone after a window without failures. An attacker who sprays that many names
 * resets the count of the user he attacks; the per-source ban is what holds him then.
 * Thread-safe.
 */
final class UserDelays {
  private final FailureSettings settings;
  private final Clock clock;
  private final Cache<String, Entry> entries;

  UserDelays(FailureSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.entries = CacheBuilder.newBuilder().maximumSize(settings.trackedUsers())
        .expireAfterWrite(settings.window().toMillis(), TimeUnit.MILLISECONDS).ticker(new ClockTicker(clock)).build();
  }

  /**
   * Counts a failure for {@code user} in {@code realm}.
   *
   * @return the failures counted for that user, this one included
   */
  int failed(String user, String realm) {
    String key = user + '@' + realm;
    Entry e;
    try {
      e = entries.get(key, Entry::new);
    } catch (ExecutionException ex) {
      throw new IllegalStateException(ex.getCause());
    }
    int failures = e.failed(clock.millis(), settings.window().toMillis());
    entries.put(key, e); // a write: the entry lives a window past its last failure
    return failures;
  }

  /** How long to hold the answer to the attempt that made {@code failures}: zero up to {@code max-per-user}. */
  Duration delayFor(int failures) {
    int over = failures - settings.maxPerUser();
    if (settings.maxPerUser() == 0 || over <= 0) {
      return Duration.ZERO;
    }
    return SourceBans.doubled(settings.delayBase(), over - 1, settings.delayMax());
  }

  /** Users remembered now. */
  long size() {
    return entries.size();
  }

  private static final class Entry {
    private int failures;
    private long lastFailure;

    synchronized int failed(long now, long window) {
      if (now - lastFailure > window) {
        failures = 0;
      }
      lastFailure = now;
      return failures == Integer.MAX_VALUE ? failures : ++failures;
    }
  }
}
