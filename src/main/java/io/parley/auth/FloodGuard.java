package io.parley.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flood protection in the spirit of Kamailio's pike: counts the requests of each source address
 * over a sliding window and bans a source that sends more than
 * {@link FloodSettings#maxRequests()} in one {@link FloodSettings#window()}, for
 * {@link FloodSettings#banTime()}. A banned source's requests are dropped without an answer (an
 * answer would only feed the flood) and counted. Trusted sources ({@link TrustedPeers}) are
 * never counted nor banned. Bans can be listed and lifted ({@link #bans()}, {@link #unban}).
 *
 * <p>Only requests count: the node calls {@link #admit} for each one before anything else.
 * Responses are not limited (one whose top Via is not ours is dropped anyway, RFC 3261
 * §18.1.2), nor are keepalives (CRLF, RFC 5626 §3.5.1), which never become requests.
 *
 * <p><b>Cost.</b> {@link #admit} runs on the receiving thread for every request: one map lookup
 * keyed by the packet's own {@link InetAddress}, a few arithmetic operations under the source's
 * own monitor (uncontended but for a source that sends over UDP and TCP at once) and a counter
 * increment; it allocates only for a source it has not seen, or not since the last sweep.
 *
 * <p><b>Memory.</b> At most {@link FloodSettings#maxTracked()} sources are counted. A source idle
 * for two windows is forgotten by {@link #sweep()}, which the node runs every window off the
 * receiving thread; a banned one is kept until its ban ends. When the table is full a new source
 * is admitted without being counted ({@link Stats#untracked()}): under a flood of spoofed
 * addresses no per-source limit can work anyway, and refusing unknown sources would lock out
 * every legitimate newcomer; the sources counted before stay counted, and banned ones banned.
 *
 * <p>The ban log line, once per ban at INFO, is meant for fail2ban and the like:
 * {@code flood: ban source=192.0.2.7 requests=412 window=2000ms rate=206/s ban=60s until=2026-01-01T12:01:00Z}.
 */
public final class FloodGuard {
  private static final Logger log = LoggerFactory.getLogger(FloodGuard.class);

  /** What {@link #admit} decided. */
  public enum Verdict {
    /** Counted and under the limit, or not counted because the table is full. */
    ADMITTED,
    /** From a trusted network, or limits are off: not counted. */
    TRUSTED,
    /** From a banned source, including the request that started the ban. */
    DROPPED;

    public boolean admitted() {
      return this != DROPPED;
    }
  }

  /**
   * A source being dropped.
   *
   * @param source the address
   * @param since when the ban started
   * @param until when it ends by itself
   * @param requests the requests counted in the window that tripped it
   */
  public record Ban(InetAddress source, Instant since, Instant until, long requests) {}

  /**
   * Counters since start, and the size of the table now.
   *
   * @param admitted requests counted and let through, or let through uncounted with a full table
   * @param trusted requests from trusted sources (never counted)
   * @param dropped requests dropped because their source was banned
   * @param bansStarted bans started (a source banned again after its ban ended counts again)
   * @param untracked requests let through uncounted because the table was full
   * @param tracked sources in the table now
   */
  public record Stats(long admitted, long trusted, long dropped, long bansStarted, long untracked, int tracked) {}

  private final boolean enabled;
  private final long windowMillis;
  private final int maxRequests;
  private final long banMillis;
  private final int maxTracked;
  private final Clock clock;
  private final Predicate<InetAddress> trusted;
  private final Map<InetAddress, Source> sources = new ConcurrentHashMap<>();
  private final LongAdder admitted = new LongAdder();
  private final LongAdder trustedRequests = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder bansStarted = new LongAdder();
  private final LongAdder untracked = new LongAdder();

  /**
   * @param trusted the sources never limited, e.g. {@link TrustedPeers#isTrusted}; asked per
   *     request, so it must be cheap
   */
  public FloodGuard(FloodSettings settings, Clock clock, Predicate<InetAddress> trusted) {
    this.enabled = settings.enabled();
    this.windowMillis = settings.window().toMillis();
    this.maxRequests = settings.maxRequests();
    this.banMillis = settings.banTime().toMillis();
    this.maxTracked = settings.maxTracked();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.trusted = Objects.requireNonNull(trusted, "trusted");
  }

  /** Whether a request from {@code source} may go on; counts it. */
  public boolean admit(InetAddress source) {
    return verdict(source).admitted();
  }

  /** What to do with a request from {@code source}; counts it. */
  public Verdict verdict(InetAddress source) {
    if (!enabled || trusted.test(source)) {
      trustedRequests.increment();
      return Verdict.TRUSTED;
    }
    long now = clock.millis();
    for (;;) {
      Source s = sources.get(source);
      if (s == null) {
        if (sources.size() >= maxTracked) {
          untracked.increment();
          admitted.increment();
          return Verdict.ADMITTED;
        }
        s = sources.computeIfAbsent(source, a -> new Source(now));
      }
      switch (s.count(now, windowMillis, maxRequests, banMillis)) {
        case Source.ADMIT:
          admitted.increment();
          return Verdict.ADMITTED;
        case Source.DROP:
          dropped.increment();
          return Verdict.DROPPED;
        case Source.BANNED:
          bansStarted.increment();
          dropped.increment();
          long requests = s.banRequests();
          log.info("flood: ban source={} requests={} window={}ms rate={}/s ban={}s until={}", IpNetwork.format(source),
              requests, windowMillis, requests * 1000 / windowMillis, banMillis / 1000,
              Instant.ofEpochMilli(now + banMillis));
          return Verdict.DROPPED;
        default:
          // swept away between the lookup and the count: count it in a fresh entry
      }
    }
  }

  /** The sources banned now, longest-banned first. */
  public List<Ban> bans() {
    long now = clock.millis();
    List<Ban> bans = new ArrayList<>();
    sources.forEach((address, s) -> {
      Ban b = s.ban(address, now);
      if (b != null) {
        bans.add(b);
      }
    });
    bans.sort(Comparator.comparing(Ban::since).thenComparing(b -> IpNetwork.format(b.source())));
    return bans;
  }

  /** Lifts the ban of {@code source} and forgets its count; {@code false} if it was not banned. */
  public boolean unban(InetAddress source) {
    Source s = sources.get(source);
    if (s == null || !s.unban(clock.millis())) {
      return false;
    }
    log.info("flood: unban source={}", IpNetwork.format(source));
    return true;
  }

  /**
   * Forgets the sources idle for two windows whose ban, if any, has ended. Linear in the table;
   * the node runs it every window, off the receiving thread.
   */
  public void sweep() {
    long now = clock.millis();
    sources.entrySet().removeIf(e -> e.getValue().sweepable(now, windowMillis));
  }

  public Stats stats() {
    return new Stats(admitted.sum(), trustedRequests.sum(), dropped.sum(), bansStarted.sum(), untracked.sum(),
        sources.size());
  }

  /** The window and the limit, for logs. */
  public Duration window() {
    return Duration.ofMillis(windowMillis);
  }

  /**
   * One source's count: the requests of the current window and of the one before, whose share
   * still inside the last {@code window} milliseconds is added in proportion (a sliding window,
   * so a burst split across a window boundary counts whole, as pike weighs its last two
   * samples). All fields are guarded by the instance's monitor.
   */
  private static final class Source {
    static final int ADMIT = 0;
    static final int DROP = 1;
    static final int BANNED = 2;
    static final int GONE = 3;

    private long windowStart;
    private int current;
    private int previous;
    private long lastSeen;
    private long bannedAt;
    private long bannedUntil;
    private long banRequests;
    private boolean gone;

    Source(long now) {
      windowStart = now;
      lastSeen = now;
    }

    synchronized int count(long now, long window, int limit, long banTime) {
      if (gone) {
        return GONE;
      }
      lastSeen = now;
      if (bannedUntil != 0) {
        if (now < bannedUntil) {
          return DROP;
        }
        reset(now);
      }
      long elapsed = now - windowStart;
      if (elapsed < 0) {
        // the clock stepped back: start over rather than count a negative share
        windowStart = now;
        elapsed = 0;
      } else if (elapsed >= window) {
        previous = elapsed < 2 * window ? current : 0;
        current = 0;
        windowStart = elapsed < 2 * window ? windowStart + window : now;
        elapsed = now - windowStart;
      }
      current++;
      long estimate = current + previous * (window - elapsed) / window;
      if (estimate > limit) {
        bannedAt = now;
        bannedUntil = now + banTime;
        banRequests = estimate;
        return BANNED;
      }
      return ADMIT;
    }

    synchronized long banRequests() {
      return banRequests;
    }

    synchronized Ban ban(InetAddress address, long now) {
      return bannedUntil != 0 && now < bannedUntil
          ? new Ban(address, Instant.ofEpochMilli(bannedAt), Instant.ofEpochMilli(bannedUntil), banRequests)
          : null;
    }

    synchronized boolean unban(long now) {
      boolean banned = bannedUntil != 0 && now < bannedUntil;
      if (banned) {
        reset(now);
      }
      return banned;
    }

    synchronized boolean sweepable(long now, long window) {
      if (bannedUntil != 0 && now < bannedUntil || now - lastSeen < 2 * window) {
        return false;
      }
      gone = true;
      return true;
    }

    private void reset(long now) {
      bannedUntil = 0;
      bannedAt = 0;
      banRequests = 0;
      current = 0;
      previous = 0;
      windowStart = now;
    }
  }
}
