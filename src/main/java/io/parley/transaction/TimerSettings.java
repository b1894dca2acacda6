package io.parley.transaction;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Objects;

/**
 * The base values T1, T2 and T4 and the transaction timers derived from them (RFC 3261 §17 and
 * Table 4 of appendix A; Timers L and M from RFC 6026 §8.4, §8.7).
 *
 * @param t1 round-trip time estimate, default 500 ms (RFC 3261 §17.1.1.1); positive
 * @param t2 longest retransmission interval of non-INVITE requests and INVITE responses,
 *     default 4 s (RFC 3261 §17.1.2.2); at least {@code t1}
 * @param t4 longest time a message stays in the network, default 5 s (RFC 3261 §17.1.2.2); positive
 */
public record TimerSettings(Duration t1, Duration t2, Duration t4) {

  /** RFC 3261's recommended values: T1 500 ms, T2 4 s, T4 5 s. */
  public static final TimerSettings DEFAULT =
      new TimerSettings(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(5));

  /** A server INVITE transaction sends 100 Trying if the TU has not answered in 200 ms (RFC 3261 §17.2.1). */
  public static final Duration TRYING_DELAY = Duration.ofMillis(200);

  /** Timer D is "at least 32 seconds" on unreliable transports (RFC 3261 §17.1.1.2, Table 4). */
  public static final Duration MIN_TIMER_D = Duration.ofSeconds(32);

  public TimerSettings {
    Objects.requireNonNull(t1, "t1");
    Objects.requireNonNull(t2, "t2");
    Objects.requireNonNull(t4, "t4");
    if (!isPositive(t1) || !isPositive(t2) || !isPositive(t4)) {
      throw new IllegalArgumentException("T1, T2 and T4 must be positive: " + t1 + ", " + t2 + ", " + t4);
    }
    if (t2.compareTo(t1) < 0) {
      throw new IllegalArgumentException("T2 (" + t2 + ") must not be less than T1 (" + t1 + ")");
    }
  }

  /**
   * Reads {@code t1}, {@code t2} and {@code t4} durations under {@code path}, e.g.
   * {@code parley.sip.timers { t1 = 500ms, t2 = 4s, t4 = 5s }}.
   *
   * @throws ConfigException.BadValue naming the key of a value that is not positive, or of a
   *     {@code t2} less than {@code t1}
   * @throws ConfigException.Missing or {@link ConfigException.WrongType} from Typesafe Config
   */
  public static TimerSettings from(Config config, String path) {
    Duration t1 = positive(config, path + ".t1");
    Duration t2 = positive(config, path + ".t2");
    Duration t4 = positive(config, path + ".t4");
    if (t2.compareTo(t1) < 0) {
      throw new ConfigException.BadValue(path + ".t2", "must not be less than t1 (" + t1 + "), was " + t2);
    }
    return new TimerSettings(t1, t2, t4);
  }

  private static Duration positive(Config config, String key) {
    Duration d = config.getDuration(key);
    if (!isPositive(d)) {
      throw new ConfigException.BadValue(key, "must be a positive duration, was " + d);
    }
    return d;
  }

  private static boolean isPositive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  /** 64*T1: Timers B, F, H, J (unreliable), L and M (RFC 3261 Table 4, RFC 6026 §8.4, §8.7). */
  public Duration sixtyFourT1() {
    return t1.multipliedBy(64);
  }

  /** First Timer A interval, T1; it doubles without a cap (RFC 3261 §17.1.1.2). */
  public Duration timerA() {
    return t1;
  }

  /** INVITE client transaction timeout, 64*T1 (RFC 3261 §17.1.1.2). */
  public Duration timerB() {
    return sixtyFourT1();
  }

  /**
   * Completed lingering of an INVITE client transaction: zero on reliable transports, else
   * 64*T1 but at least 32 s (RFC 3261 §17.1.1.2). A server retransmits its final response until
   * its Timer H (64*T1), so Timer D covers that span to ACK every retransmission.
   */
  public Duration timerD(boolean reliable) {
    if (reliable) {
      return Duration.ZERO;
    }
    Duration d = sixtyFourT1();
    return d.compareTo(MIN_TIMER_D) < 0 ? MIN_TIMER_D : d;
  }

  /** First Timer E interval, T1; it doubles up to T2, and is T2 in Proceeding (RFC 3261 §17.1.2.2). */
  public Duration timerE() {
    return t1;
  }

  /** Non-INVITE client transaction timeout, 64*T1 (RFC 3261 §17.1.2.2). */
  public Duration timerF() {
    return sixtyFourT1();
  }

  /** First Timer G interval, T1; it doubles up to T2 (RFC 3261 §17.2.1). */
  public Duration timerG() {
    return t1;
  }

  /** Wait for the ACK to a non-2xx final response, 64*T1 (RFC 3261 §17.2.1). */
  public Duration timerH() {
    return sixtyFourT1();
  }

  /** Confirmed lingering: T4 on unreliable transports, zero on reliable (RFC 3261 §17.2.1). */
  public Duration timerI(boolean reliable) {
    return reliable ? Duration.ZERO : t4;
  }

  /** Completed lingering of a non-INVITE server transaction: 64*T1, zero on reliable (RFC 3261 §17.2.2). */
  public Duration timerJ(boolean reliable) {
    return reliable ? Duration.ZERO : sixtyFourT1();
  }

  /** Completed lingering of a non-INVITE client transaction: T4, zero on reliable (RFC 3261 §17.1.2.2). */
  public Duration timerK(boolean reliable) {
    return reliable ? Duration.ZERO : t4;
  }

  /** Accepted lingering of a server INVITE transaction, 64*T1 (RFC 6026 §8.7). */
  public Duration timerL() {
    return sixtyFourT1();
  }

  /** Accepted lingering of a client INVITE transaction, 64*T1 (RFC 6026 §8.4). */
  public Duration timerM() {
    return sixtyFourT1();
  }

  /** The next interval of a timer that doubles up to T2: Timers E and G (RFC 3261 §17.1.2.2, §17.2.1). */
  public Duration doubledUpToT2(Duration interval) {
    Duration doubled = interval.multipliedBy(2);
    return doubled.compareTo(t2) > 0 ? t2 : doubled;
  }
}
