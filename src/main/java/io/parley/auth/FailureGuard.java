package io.parley.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What a node does about password guessing against digest authentication (RFC 3261 §22, RFC
 * 7616 §5.13 "online dictionary attacks"): bans per source ({@link SourceBans}), delays per user
 * ({@link UserDelays}), a rate-limited INFO line per refusal ({@link FailureLog}), counters
 * ({@link AuthStats}) and the cap on delayed answers ({@link PendingDelays}). The nonce a failed
 * attempt used is spent by {@link DigestVerifier}. Thread-safe: one per node.
 */
public final class FailureGuard {
  private final SourceBans bans;
  private final UserDelays delays;
  private final FailureLog log;
  private final AuthStats stats = new AuthStats();
  private final PendingDelays pending;
  private final FailureSettings settings;

  public FailureGuard(FailureSettings settings, Clock clock) {
    this.settings = settings;
    this.bans = new SourceBans(settings, clock);
    this.delays = new UserDelays(settings, clock);
    this.log = new FailureLog(settings, clock, stats);
    this.pending = new PendingDelays(settings.maxPendingDelayed(), stats);
  }

  /**
   * Whether a request from {@code source} may be looked at; false (counted) while it is banned,
   * and then it gets no answer at all. Null (a caller that does not know the source): true.
   */
  public boolean admits(InetAddress source) {
    if (source == null || !bans.banned(source)) {
      return true;
    }
    stats.droppedWhileBanned.increment();
    return false;
  }

  /**
   * Credentials refused for {@code reason}: logged and counted. A wrong password (or unknown
   * user) counts towards the source's ban and the user's delay; a request with a nonce a failure
   * spent counts towards the source's ban only: it is what a guesser that reuses its nonce sends
   * (svcrack does), while a UA sends it only when the answer to its failed request was lost.
   *
   * @param source where the request came from, or null when the caller does not know
   * @return how long to hold the answer (zero: send it now)
   */
  public Duration refused(InetAddress source, String user, String realm, String method, InvalidReason reason) {
    log.failed(source, user, realm, method, reason);
    boolean wrong = reason == InvalidReason.WRONG_CREDENTIALS;
    (wrong ? stats.failures : stats.invalid).increment();
    if (source != null && (wrong || reason == InvalidReason.SPENT_NONCE)) {
      Duration ban = bans.failed(source);
      if (ban != null) {
        stats.bans.increment();
        log.banned(source, ban, settings.maxPerSource());
      }
    }
    if (!wrong || user == null || settings.maxPerUser() == 0) {
      return Duration.ZERO;
    }
    int failures = delays.failed(user, realm);
    Duration delay = delays.delayFor(failures);
    if (!delay.isZero()) {
      stats.delayed.increment();
      if (failures == settings.maxPerUser() + 1) {
        log.delaying(user, realm, failures);
      }
    }
    return delay;
  }

  /** The sources banned now for failed authentications. */
  public List<AuthBan> bans() {
    return bans.bans();
  }

  /**
   * Lifts the ban of {@code source} (for IPv6, of its /64), logged at INFO.
   *
   * @return false when it was not banned
   */
  public boolean unban(InetAddress source) {
    boolean lifted = bans.unban(source);
    if (lifted) {
      log.unbanned(source);
    }
    return lifted;
  }

  public AuthStats.Snapshot stats() {
    return stats.snapshot();
  }

  /** The cap on delayed answers, for the caller that holds them. */
  public PendingDelays pendingDelays() {
    return pending;
  }
}
