package io.parley.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * {@code parley.auth.failures}: what a node does about password guessing. A failure is a
 * response that does not verify (a wrong password or an unknown user, which look alike); it is
 * counted per source address and per user, and forgotten once {@code window} passes without
 * another one from that source (for that user).
 *
 * @param window how long a failure count lives after its last failure; default 10 min (fail2ban's
 *     findtime); 1 s to 1 day
 * @param maxPerSource failures from one source address (an IPv6 source: its /64) that ban it;
 *     default 10; 0 bans nobody
 * @param banTime the first ban's length; each further ban of the same source doubles it, up to
 *     {@code banTimeMax}; default 60 s
 * @param banTimeMax the longest ban; a source that stays clean this long after its last ban
 *     starts again at {@code banTime}; default 1 h; at least {@code banTime}, at most 1 day
 * @param maxPerUser failures for one user of a realm after which each further failed attempt is
 *     answered only after a delay; success is never delayed; default 5; 0 delays nothing
 * @param delayBase the first delay; it doubles with each further failure, up to {@code delayMax};
 *     default 1 s
 * @param delayMax the longest delay; default 30 s, at least {@code delayBase}, at most 5 min; a UA
 *     gives up on a non-INVITE transaction after 32 s (RFC 3261 §17.1.2.2), so a longer delay
 *     only holds the answer for nobody
 * @param maxPendingDelayed delayed answers waiting at once on a node; beyond it a failed attempt
 *     gets no answer at all (counted); default 1,000; 1 to 1,000,000
 * @param trackedSources sources whose failures are remembered; past it the least recently seen
 *     are forgotten; default 100,000; 1,000 to 10,000,000
 * @param trackedUsers users (known or not: an unknown one must look like a known one) whose
 *     failures are remembered; default 100,000; 1,000 to 10,000,000
 * @param logInterval at most one failure line per source this often; the lines left out are
 *     counted in the next one; default 1 s; 0 to 1 h
 */
public record FailureSettings(Duration window, int maxPerSource, Duration banTime, Duration banTimeMax,
    int maxPerUser, Duration delayBase, Duration delayMax, int maxPendingDelayed, int trackedSources,
    int trackedUsers, Duration logInterval) {

  static final String PATH = "parley.auth.failures";

  public static final FailureSettings DEFAULT = new FailureSettings(Duration.ofMinutes(10), 10,
      Duration.ofSeconds(60), Duration.ofHours(1), 5, Duration.ofSeconds(1), Duration.ofSeconds(30), 1_000,
      100_000, 100_000, Duration.ofSeconds(1));

  public FailureSettings {
    check(between(window, Duration.ofSeconds(1), Duration.ofDays(1)), "window", "must be 1s..1d, was " + window);
    check(maxPerSource >= 0, "max-per-source", "must not be negative, was " + maxPerSource);
    check(between(banTime, Duration.ofSeconds(1), Duration.ofDays(1)), "ban-time", "must be 1s..1d, was " + banTime);
    check(between(banTimeMax, banTime, Duration.ofDays(1)), "ban-time-max",
        "must be between ban-time (" + banTime + ") and 1d, was " + banTimeMax);
    check(maxPerUser >= 0, "max-per-user", "must not be negative, was " + maxPerUser);
    check(between(delayBase, Duration.ofMillis(1), Duration.ofMinutes(5)), "delay-base",
        "must be 1ms..5min, was " + delayBase);
    check(between(delayMax, delayBase, Duration.ofMinutes(5)), "delay-max",
        "must be between delay-base (" + delayBase + ") and 5min, was " + delayMax);
    check(maxPendingDelayed >= 1 && maxPendingDelayed <= 1_000_000, "max-pending-delayed",
        "must be 1..1000000, was " + maxPendingDelayed);
    check(trackedSources >= 1_000 && trackedSources <= 10_000_000, "tracked-sources",
        "must be 1000..10000000, was " + trackedSources);
    check(trackedUsers >= 1_000 && trackedUsers <= 10_000_000, "tracked-users",
        "must be 1000..10000000, was " + trackedUsers);
    check(between(logInterval, Duration.ZERO, Duration.ofHours(1)), "log-interval",
        "must be 0..1h, was " + logInterval);
  }

  private static boolean between(Duration d, Duration min, Duration max) {
    return d != null && d.compareTo(min) >= 0 && d.compareTo(max) <= 0;
  }

  private static void check(boolean ok, String key, String message) {
    if (!ok) {
      throw new ConfigException.BadValue(PATH + "." + key, message);
    }
  }

  /**
   * Reads {@code parley.auth.failures}: {@code window}, {@code max-per-source}, {@code ban-time},
   * {@code ban-time-max}, {@code max-per-user}, {@code delay-base}, {@code delay-max}, {@code
   * max-pending-delayed}, {@code tracked-sources}, {@code tracked-users}, {@code log-interval}.
   *
   * @throws ConfigException.BadValue naming the key of a value out of range
   */
  public static FailureSettings from(Config config) {
    String p = PATH + ".";
    return new FailureSettings(config.getDuration(p + "window"), config.getInt(p + "max-per-source"),
        config.getDuration(p + "ban-time"), config.getDuration(p + "ban-time-max"), config.getInt(p + "max-per-user"),
        config.getDuration(p + "delay-base"), config.getDuration(p + "delay-max"),
        config.getInt(p + "max-pending-delayed"), config.getInt(p + "tracked-sources"),
        config.getInt(p + "tracked-users"), config.getDuration(p + "log-interval"));
  }
}
