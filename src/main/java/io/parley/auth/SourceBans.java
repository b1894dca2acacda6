package io.parley.auth;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.parley.common.SourceAddress;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Failed authentications per source address, and the bans they earn: {@link
 * FailureSettings#maxPerSource} failures, each within {@link FailureSettings#window} of the one
 * before, ban the source for {@link FailureSettings#banTime}, doubled for each further ban up to
 * {@link FailureSettings#banTimeMax} (fail2ban's bantime.increment, Kamailio's pike with a ban
 * list). An IPv6 source is its /64: one subscriber line usually has a whole /64 to pick
 * addresses from.
 *
 * <p>Memory: only sources that failed get an entry, at most {@link
 * FailureSettings#trackedSources} of them, the least recently seen dropped first; an entry also
 * goes once it has been idle longer than any ban and its forgiveness can last. Thread-safe.
 */
final class SourceBans {
  private final FailureSettings settings;
  private final Clock clock;
  private final Cache<InetAddress, Entry> entries;

  SourceBans(FailureSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    long idle = settings.window().plus(settings.banTimeMax().multipliedBy(2)).toMillis();
    this.entries = CacheBuilder.newBuilder().maximumSize(settings.trackedSources())
        .expireAfterAccess(idle, TimeUnit.MILLISECONDS).ticker(new ClockTicker(clock)).build();
  }

  /** Whether {@code source} is banned now. */
  boolean banned(InetAddress source) {
    Entry e = entries.getIfPresent(keyOf(source));
    return e != null && e.banned(clock.millis());
  }

  /**
   * Counts a failure from {@code source}.
   *
   * @return the length of the ban it earned now, or null when it earned none
   */
  Duration failed(InetAddress source) {
    if (settings.maxPerSource() == 0) {
      return null;
    }
    try {
      return entries.get(keyOf(source), Entry::new).failed(clock.millis(), settings);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The sources banned now, each with when its ban began and ends and how many bans it has had. */
  java.util.List<AuthBan> bans() {
    long now = clock.millis();
    java.util.List<AuthBan> out = new java.util.ArrayList<>();
    entries.asMap().forEach((source, e) -> {
      AuthBan b = e.ban(source, now);
      if (b != null) {
        out.add(b);
      }
    });
    return out;
  }

  /** Lifts the ban of {@code source} (its /64 for IPv6); false when it is not banned. */
  boolean unban(InetAddress source) {
    Entry e = entries.getIfPresent(keyOf(source));
    return e != null && e.unban(clock.millis());
  }

  /** Sources remembered now. */
  long size() {
    return entries.size();
  }

  /** The address itself, or for IPv6 its /64 network ({@link SourceAddress}). */
  static InetAddress keyOf(InetAddress source) {
    return SourceAddress.of(source);
  }

  private static final class Entry {
    private int failures;
    private long lastFailure;
    private long bannedSince;
    private long bannedUntil = Long.MIN_VALUE;
    private int bans;

    synchronized boolean banned(long now) {
      return now < bannedUntil;
    }

    synchronized AuthBan ban(InetAddress source, long now) {
      return now < bannedUntil
          ? new AuthBan(source, Instant.ofEpochMilli(bannedSince), Instant.ofEpochMilli(bannedUntil), bans)
          : null;
    }

    /** Ends the ban now; its failures are counted afresh, its earlier bans still double the next. */
    synchronized boolean unban(long now) {
      if (now >= bannedUntil) {
        return false;
      }
      bannedUntil = now;
      failures = 0;
      return true;
    }

    synchronized Duration failed(long now, FailureSettings s) {
      if (now < bannedUntil) {
        return null; // answered before the ban began; it is banned already
      }
      if (now - lastFailure > s.window().toMillis()) {
        failures = 0;
      }
      failures++;
      lastFailure = now;
      if (failures < s.maxPerSource()) {
        return null;
      }
      failures = 0;
      if (bans > 0 && now - bannedUntil > s.banTimeMax().toMillis()) {
        bans = 0; // clean for as long as the longest ban: a first offender again
      }
      bans++;
      Duration ban = doubled(s.banTime(), bans - 1, s.banTimeMax());
      bannedSince = now;
      bannedUntil = now + ban.toMillis();
      return ban;
    }
  }

  /** {@code base} doubled {@code times} times, at most {@code max}. */
  static Duration doubled(Duration base, int times, Duration max) {
    Duration d = base;
    for (int i = 0; i < times && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
