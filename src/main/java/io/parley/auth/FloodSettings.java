package io.parley.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code parley.flood}: per-source request rate limits ({@link FloodGuard}), in the spirit of
 * Kamailio's pike module.
 *
 * @param enabled whether requests are counted at all; default true
 * @param window the sampling window (pike's {@code sampling_time_unit}, 2 s there and here);
 *     100 ms to 1 min
 * @param maxRequests the most requests one source address may send in any window before it is
 *     banned (pike's {@code reqs_density_per_unit} is 30 per 2 s; the default here is 200, 100/s
 *     sustained: an office of phones behind one NAT address booting at once sends bursts that
 *     30 would ban, while a flood of thousands a second is still cut within a window); 1 to
 *     1,000,000
 * @param banTime how long a source over the limit is dropped; default 60 s; 1 s to 24 h
 * @param maxTracked the most source addresses counted at once, bounding memory under a
 *     spoofed-source flood (about 150 bytes each); past it a new source is admitted uncounted
 *     until the next sweep frees room; default 100,000; 100 to 10,000,000
 */
public record FloodSettings(boolean enabled, Duration window, int maxRequests, Duration banTime, int maxTracked) {
  public static final String KEY = "parley.flood";

  public static final FloodSettings DEFAULT =
      new FloodSettings(true, Duration.ofSeconds(2), 200, Duration.ofSeconds(60), 100_000);

  public FloodSettings {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(banTime, "banTime");
    check(window.compareTo(Duration.ofMillis(100)) >= 0 && window.compareTo(Duration.ofMinutes(1)) <= 0,
        "window", "must be between 100ms and 1m, was " + window);
    check(maxRequests >= 1 && maxRequests <= 1_000_000, "max-requests", "must be between 1 and 1000000, was "
        + maxRequests);
    check(banTime.compareTo(Duration.ofSeconds(1)) >= 0 && banTime.compareTo(Duration.ofHours(24)) <= 0,
        "ban-time", "must be between 1s and 24h, was " + banTime);
    check(maxTracked >= 100 && maxTracked <= 10_000_000, "max-tracked", "must be between 100 and 10000000, was "
        + maxTracked);
  }

  /**
   * Reads {@code parley.flood}: {@code enabled}, {@code window}, {@code max-requests},
   * {@code ban-time}, {@code max-tracked}.
   *
   * @throws ConfigException naming the key of a value of the wrong type or out of range
   */
  public static FloodSettings from(Config config) {
    return new FloodSettings(config.getBoolean(KEY + ".enabled"), config.getDuration(KEY + ".window"),
        config.getInt(KEY + ".max-requests"), config.getDuration(KEY + ".ban-time"),
        config.getInt(KEY + ".max-tracked"));
  }

  private static void check(boolean ok, String key, String message) {
    if (!ok) {
      throw new ConfigException.BadValue(KEY + "." + key, message);
    }
  }
}
