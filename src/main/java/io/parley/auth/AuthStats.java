package io.parley.auth;

import java.util.concurrent.atomic.LongAdder;

/** What the node's digest authentication refused, banned, delayed and dropped, since start. */
public final class AuthStats {
  final LongAdder failures = new LongAdder();
  final LongAdder invalid = new LongAdder();
  final LongAdder bans = new LongAdder();
  final LongAdder droppedWhileBanned = new LongAdder();
  final LongAdder delayed = new LongAdder();
  final LongAdder delayedDropped = new LongAdder();
  final LongAdder logLinesSuppressed = new LongAdder();

  /**
   * @param failures responses that did not verify: a wrong password or an unknown user (what
   *     guessing produces); each counts towards a ban and a delay
   * @param invalid other refused credentials (malformed, bad, spent or replayed nonce, wrong
   *     realm or digest-uri): challenged again and logged; of these only a spent nonce counts
   *     towards a ban
   * @param bans sources banned
   * @param droppedWhileBanned requests from a banned source that got no answer
   * @param delayed failed attempts whose answer was to be delayed
   * @param delayedDropped of those, answers dropped because too many were waiting already
   * @param logLinesSuppressed failure lines left out by the per-source log rate limit
   */
  public record Snapshot(long failures, long invalid, long bans, long droppedWhileBanned, long delayed,
      long delayedDropped, long logLinesSuppressed) {}

  public Snapshot snapshot() {
    return new Snapshot(failures.sum(), invalid.sum(), bans.sum(), droppedWhileBanned.sum(), delayed.sum(),
        delayedDropped.sum(), logLinesSuppressed.sum());
  }
}
