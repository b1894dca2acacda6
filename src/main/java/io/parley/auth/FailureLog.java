package io.parley.auth;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The INFO lines of refused credentials, bans and delays, one line an event, in a form fail2ban
 * parses (README, "Password guessing"):
 * <pre>
 * auth failed: source=192.0.2.7 user=alice realm=example.com method=REGISTER reason=wrong-credentials
 * auth failed: source=192.0.2.7 user=alice realm=example.com method=REGISTER reason=wrong-credentials suppressed=18211
 * auth banned: source=192.0.2.7 for=60s failures=10 bans=1
 * auth delaying: user=alice realm=example.com failures=6
 * </pre>
 * A guesser can send tens of thousands of attempts a second, and a line for each would be an
 * attack on the disk: at most one failure line per source every {@link
 * FailureSettings#logInterval}, the next line saying how many were left out ({@link
 * AuthStats#snapshot()} counts them all). The source comes first and is our own reading of the
 * packet; user and realm are the client's words, so every character that could end the line or
 * look like another field is replaced and they are cut at {@value #MAX_FIELD} characters.
 * Thread-safe; its memory is bounded like {@link SourceBans}'s.
 */
final class FailureLog {
  /** The logger's name, for a logback rule that routes these lines to their own file. */
  static final String LOGGER = "io.parley.auth.failures";
  static final int MAX_FIELD = 64;
  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  /** Where a caller that does not know the source is rate-limited: never a packet's source. */
  private static final InetAddress UNKNOWN = anyLocal();

  private final long intervalMillis;
  private final Clock clock;
  private final AuthStats stats;
  private final Cache<InetAddress, Limit> limits;

  FailureLog(FailureSettings settings, Clock clock, AuthStats stats) {
    this.intervalMillis = settings.logInterval().toMillis();
    this.clock = clock;
    this.stats = stats;
    this.limits = CacheBuilder.newBuilder().maximumSize(settings.trackedSources())
        .expireAfterAccess(Math.max(1, intervalMillis) * 2, TimeUnit.MILLISECONDS).ticker(new ClockTicker(clock))
        .build();
  }

  /** One refused attempt, or a count of left-out lines when this source logged lately. */
  void failed(InetAddress source, String user, String realm, String method, InvalidReason reason) {
    if (!log.isInfoEnabled()) {
      return;
    }
    long suppressed;
    try {
      InetAddress key = source == null ? UNKNOWN : SourceBans.keyOf(source);
      suppressed = limits.get(key, Limit::new).admit(clock.millis(), intervalMillis);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    if (suppressed < 0) {
      stats.logLinesSuppressed.increment();
      return;
    }
    String line = "auth failed: source=" + address(source) + " user=" + field(user) + " realm=" + field(realm)
        + " method=" + field(method) + " reason=" + reason.token();
    log.info(suppressed == 0 ? line : line + " suppressed=" + suppressed);
  }

  void banned(InetAddress source, Duration ban, int failures) {
    log.info("auth banned: source={} for={}s failures={}", address(source), ban.toSeconds(), failures);
  }

  void unbanned(InetAddress source) {
    log.info("auth unbanned: source={}", address(source));
  }

  void delaying(String user, String realm, int failures) {
    log.info("auth delaying: user={} realm={} failures={}", field(user), field(realm), failures);
  }

  private static InetAddress anyLocal() {
    try {
      return InetAddress.getByAddress(new byte[4]);
    } catch (java.net.UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  static String address(InetAddress source) {
    return source == null ? "-" : source.getHostAddress(); // "-": no host for fail2ban to look up
  }

  /** The client's text, made safe for one field of one line. */
  static String field(String value) {
    if (value == null || value.isEmpty()) {
      return "-";
    }
    int n = Math.min(value.length(), MAX_FIELD);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      // visible ASCII but '=' (which would start a field of its own); a space, a control
      // character or anything beyond ASCII becomes '?'
      b.append(c > ' ' && c < 0x7f && c != '=' ? c : '?');
    }
    return value.length() > MAX_FIELD ? b.append("...").toString() : b.toString();
  }

  /** When the source may log next, and what it left out since. */
  private static final class Limit {
    private long next = Long.MIN_VALUE;
    private long suppressed;

    /** The count of left-out lines to report with this one, or -1: leave this one out. */
    synchronized long admit(long now, long interval) {
      if (now < next) {
        suppressed++;
        return -1;
      }
      long left = suppressed;
      suppressed = 0;
      next = now + interval;
      return left;
    }
  }
}
