package io.parley.dialog;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.parley.message.header.MinSe;
import java.time.Duration;

/**
 * {@code parley.dialog}: how the proxy tracks the dialogs it Record-Routes (RFC 3261 §12).
 *
 * @param enabled whether dialogs are tracked at all (and CDRs written); off, the node is a plain
 *     stateful proxy, as Kamailio without its dialog module
 * @param maxDuration how long a confirmed call may last before Parley ends it with BYE both ways;
 *     also the end of a call whose BYE never came. Default 12 h (OpenSIPS's and Kamailio's
 *     default dialog timeout is 43200 s); 1 s to 7 days
 * @param pingInterval how often both ends of a confirmed call get an in-dialog OPTIONS; a ping
 *     that times out (RFC 3261 §17.1.2.2 Timer F) or is answered 408 or 481 ends the call with BYE
 *     both ways. Zero: no pings (the default, as Kamailio's {@code ka_timer})
 * @param minSessionExpires the smallest session interval (RFC 4028) this proxy lets through: an
 *     INVITE asking for less gets 422 with this value in Min-SE (RFC 4028 §8.1). At least 90 s
 *     (RFC 4028 §4), the default
 * @param maxCallsPerSubscriber the most simultaneous calls one subscriber of ours may be in,
 *     calling or called; past it a new call is refused (403 for the caller's, 486 for the
 *     callee's). Zero: no limit (the default)
 * @param maxCallsPerDomain the same for all the subscribers of one of our domains together
 * @param persistAfter how long a confirmed call lasts before it is written to the dialog store
 *     (kept across a restart of its node): a call that ends sooner costs the database nothing,
 *     as Kamailio's dialog module writes its table on a timer ({@code db_mode = 2}). Zero: at its
 *     2xx. Default 5 s; at most 1 h
 */
public record DialogSettings(boolean enabled, Duration maxDuration, Duration pingInterval, long minSessionExpires,
    int maxCallsPerSubscriber, int maxCallsPerDomain, Duration persistAfter) {
  public static final Duration DEFAULT_PERSIST_AFTER = Duration.ofSeconds(5);
  public static final Duration MAX_PERSIST_AFTER = Duration.ofHours(1);

  /** With the default {@link #persistAfter()}. */
  public DialogSettings(boolean enabled, Duration maxDuration, Duration pingInterval, long minSessionExpires,
      int maxCallsPerSubscriber, int maxCallsPerDomain) {
    this(enabled, maxDuration, pingInterval, minSessionExpires, maxCallsPerSubscriber, maxCallsPerDomain,
        DEFAULT_PERSIST_AFTER);
  }

  public static final Duration MAX_MAX_DURATION = Duration.ofDays(7);
  public static final Duration MIN_PING_INTERVAL = Duration.ofSeconds(5);

  public static final DialogSettings DEFAULT =
      new DialogSettings(true, Duration.ofHours(12), Duration.ZERO, MinSe.FLOOR, 0, 0);

  public DialogSettings {
    if (maxDuration.compareTo(Duration.ofSeconds(1)) < 0 || maxDuration.compareTo(MAX_MAX_DURATION) > 0) {
      throw new IllegalArgumentException("max duration must be between 1 s and 7 days, was " + maxDuration);
    }
    if (!pingInterval.isZero() && pingInterval.compareTo(MIN_PING_INTERVAL) < 0) {
      throw new IllegalArgumentException("ping interval must be 0 or at least 5 s, was " + pingInterval);
    }
    if (minSessionExpires < MinSe.FLOOR) {
      throw new IllegalArgumentException("min session expires must be at least 90, was " + minSessionExpires);
    }
    if (maxCallsPerSubscriber < 0 || maxCallsPerDomain < 0) {
      throw new IllegalArgumentException("call limits must not be negative");
    }
    if (persistAfter.isNegative() || persistAfter.compareTo(MAX_PERSIST_AFTER) > 0) {
      throw new IllegalArgumentException("persist after must be between 0 and 1 h, was " + persistAfter);
    }
  }

  /** Whether confirmed calls are pinged. */
  public boolean pings() {
    return !pingInterval.isZero();
  }

  /**
   * Reads {@code parley.dialog}.
   *
   * @throws ConfigException.BadValue naming the key of a bad value
   */
  public static DialogSettings from(Config config) {
    String p = "parley.dialog.";
    boolean enabled = config.getBoolean(p + "enabled");
    Duration max = config.getDuration(p + "max-duration");
    if (max.compareTo(Duration.ofSeconds(1)) < 0 || max.compareTo(MAX_MAX_DURATION) > 0) {
      throw new ConfigException.BadValue(p + "max-duration", "must be between 1s and 7d, was " + max);
    }
    Duration ping = config.getDuration(p + "ping-interval");
    if (ping.isNegative() || (!ping.isZero() && ping.compareTo(MIN_PING_INTERVAL) < 0)) {
      throw new ConfigException.BadValue(p + "ping-interval", "must be 0 (off) or at least 5s, was " + ping);
    }
    long minSe = config.getDuration(p + "min-session-expires").toSeconds();
    if (minSe < MinSe.FLOOR) {
      throw new ConfigException.BadValue(p + "min-session-expires",
          "must be at least 90s (RFC 4028 §4), was " + minSe + "s");
    }
    int perSubscriber = config.getInt(p + "max-calls-per-subscriber");
    if (perSubscriber < 0) {
      throw new ConfigException.BadValue(p + "max-calls-per-subscriber", "must be 0 (no limit) or more");
    }
    int perDomain = config.getInt(p + "max-calls-per-domain");
    if (perDomain < 0) {
      throw new ConfigException.BadValue(p + "max-calls-per-domain", "must be 0 (no limit) or more");
    }
    Duration persistAfter = config.getDuration(p + "persist-after");
    if (persistAfter.isNegative() || persistAfter.compareTo(MAX_PERSIST_AFTER) > 0) {
      throw new ConfigException.BadValue(p + "persist-after", "must be between 0s and 1h, was " + persistAfter);
    }
    return new DialogSettings(enabled, max, ping, minSe, perSubscriber, perDomain, persistAfter);
  }
}
