package io.parley.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * {@code parley.warm-up}: the registrations and calls a node sends itself before it takes SIP
 * traffic ({@link WarmUp}).
 *
 * @param duration how long it sends; zero: no warm-up
 * @param phones phones calling at once
 */
record WarmUpSettings(Duration duration, int phones) {
  private static final Duration LONGEST = Duration.ofMinutes(5);

  static WarmUpSettings from(Config config) {
    Duration duration = config.getDuration("parley.warm-up.duration");
    if (!duration.isZero() && (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(LONGEST) > 0)) {
      throw new ConfigException.BadValue("parley.warm-up.duration", "must be 0 (off) or 1s..5m, was " + duration);
    }
    int phones = config.getInt("parley.warm-up.phones");
    if (phones < 1 || phones > 64) {
      throw new ConfigException.BadValue("parley.warm-up.phones", "must be 1..64, was " + phones);
    }
    return new WarmUpSettings(duration, phones);
  }

  boolean enabled() {
    return !duration.isZero();
  }
}
