package io.parley.nat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * How the pinholes of UAs behind a NAT are kept open ({@code parley.nat}): nathelper's {@code
 * natping_interval} and OpenSIPS's {@code max_pings_lost}.
 *
 * @param interval how often each NATed binding is pinged; zero: never
 * @param maxMissed after how many unanswered pings in a row the binding is removed; zero: never
 */
public record KeepaliveSettings(Duration interval, int maxMissed) {
  public static final String INTERVAL_KEY = "parley.nat.keepalive-interval";
  public static final String MAX_MISSED_KEY = "parley.nat.max-missed";
  public static final KeepaliveSettings DEFAULT = new KeepaliveSettings(Duration.ofSeconds(30), 3);

  public KeepaliveSettings {
    if (interval.isNegative() || (!interval.isZero() && interval.compareTo(Duration.ofSeconds(1)) < 0)
        || interval.compareTo(Duration.ofHours(1)) > 0) {
      throw new ConfigException.BadValue(INTERVAL_KEY, "must be 0 (off) or 1s..1h, was " + interval);
    }
    if (maxMissed < 0 || maxMissed > 1000) {
      throw new ConfigException.BadValue(MAX_MISSED_KEY, "must be 0 (never remove) or 1..1000, was " + maxMissed);
    }
  }

  public static KeepaliveSettings from(Config config) {
    return new KeepaliveSettings(config.getDuration(INTERVAL_KEY), config.getInt(MAX_MISSED_KEY));
  }

  /** Whether any binding is pinged. */
  public boolean enabled() {
    return !interval.isZero();
  }
}
