package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Bans per source, delays per user, the failure log and the counters, on a test clock. */
class FailureGuardTest {
  private static final String REALM = "example.com";
  private static final FailureSettings SETTINGS = new FailureSettings(Duration.ofMinutes(10), 3, Duration.ofSeconds(60),
      Duration.ofSeconds(300), 2, Duration.ofSeconds(1), Duration.ofSeconds(5), 10, 1_000, 1_000,
      Duration.ofSeconds(1));

  private final TestClock clock = new TestClock();
  private final FailureGuard guard = new FailureGuard(SETTINGS, clock);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(FailureLog.LOGGER);

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private Duration wrong(InetAddress source, String user) {
    return guard.refused(source, user, REALM, "REGISTER", InvalidReason.WRONG_CREDENTIALS);
  }

  private List<String> messages() {
    List<String> m = new ArrayList<>();
    for (ILoggingEvent e : lines.list) {
      m.add(e.getFormattedMessage());
    }
    return m;
  }

  @Test
  void aSourceIsBannedAtMaxPerSourceFailuresAndOnlyThatSource() {
    InetAddress attacker = ip("192.0.2.1");
    for (int i = 0; i < 2; i++) {
      wrong(attacker, "u" + i);
      assertTrue(guard.admits(attacker), "after " + (i + 1));
    }
    wrong(attacker, "u2");
    assertFalse(guard.admits(attacker));
    assertFalse(guard.admits(attacker));
    assertTrue(guard.admits(ip("192.0.2.2")));
    assertTrue(guard.admits(null), "an unknown source is never banned");
    assertEquals(1, guard.stats().bans());
    assertEquals(2, guard.stats().droppedWhileBanned());
    assertTrue(messages().contains("auth banned: source=192.0.2.1 for=60s failures=3"), messages().toString());

    clock.advance(Duration.ofSeconds(59));
    assertFalse(guard.admits(attacker));
    clock.advance(Duration.ofSeconds(1));
    assertTrue(guard.admits(attacker), "the ban is over");
  }

  @Test
  void failuresFurtherApartThanTheWindowDoNotAddUp() {
    InetAddress slow = ip("192.0.2.3");
    for (int i = 0; i < 10; i++) {
      wrong(slow, "alice");
      clock.advance(SETTINGS.window().plusMillis(1));
    }
    assertTrue(guard.admits(slow));
    assertEquals(0, guard.stats().bans());
  }

  @Test
  void aRepeatOffendersBanDoublesUpToTheMaximumAndIsForgivenAfterAClean() {
    InetAddress attacker = ip("192.0.2.4");
    List<Long> bans = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 3; i++) {
        wrong(attacker, "bob");
      }
      long seconds = 0;
      while (!guard.admits(attacker)) {
        clock.advance(Duration.ofSeconds(1));
        seconds++;
      }
      bans.add(seconds);
    }
    assertEquals(List.of(60L, 120L, 240L, 300L, 300L), bans);
    clock.advance(SETTINGS.banTimeMax().plusSeconds(1));
    for (int i = 0; i < 3; i++) {
      wrong(attacker, "bob");
    }
    clock.advance(Duration.ofSeconds(60));
    assertTrue(guard.admits(attacker), "a first offender again");
  }

  @Test
  void anIpv6SourceIsBannedWithItsWholeSlash64() {
    for (int i = 1; i <= 3; i++) {
      wrong(ip("2001:db8:1:2::" + i), "alice");
    }
    assertFalse(guard.admits(ip("2001:db8:1:2:ffff::1")));
    assertTrue(guard.admits(ip("2001:db8:1:3::1")));
  }

  @Test
  void aUsersFailuresBeyondMaxPerUserAreDelayedExponentiallyFromAnySource() {
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      delays.add(wrong(ip("192.0.2." + (10 + i)), "alice"));
    }
    assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5)), delays);
    assertEquals(Duration.ZERO, wrong(ip("192.0.2.10"), "bob"), "another user");
    assertEquals(Duration.ZERO, guard.refused(ip("192.0.2.10"), "alice", "example.org", "REGISTER",
        InvalidReason.WRONG_CREDENTIALS), "the same name in another realm");
    assertEquals(5, guard.stats().delayed());
    assertEquals(1, messages().stream().filter(m -> m.startsWith("auth delaying: user=alice realm=example.com"))
        .count(), messages().toString());

    clock.advance(SETTINGS.window().plusSeconds(1));
    assertEquals(Duration.ZERO, wrong(ip("192.0.2.10"), "alice"), "forgotten after a quiet window");
  }

  @Test
  void otherRefusalsAreLoggedButBanNobodyAndASpentNonceCountsTowardsTheSourceOnly() {
    InetAddress client = ip("192.0.2.20");
    for (int i = 0; i < 5; i++) {
      assertEquals(Duration.ZERO, guard.refused(client, "alice", REALM, "REGISTER", InvalidReason.BAD_NONCE));
      clock.advance(Duration.ofSeconds(2));
    }
    assertTrue(guard.admits(client));
    assertEquals(5, guard.stats().invalid());
    assertEquals(0, guard.stats().failures());
    assertTrue(messages().contains(
        "auth failed: source=192.0.2.20 user=alice realm=example.com method=REGISTER reason=bad-nonce"), messages().toString());

    InetAddress reuser = ip("192.0.2.21");
    for (int i = 0; i < 3; i++) {
      assertEquals(Duration.ZERO, guard.refused(reuser, "carol", REALM, "REGISTER", InvalidReason.SPENT_NONCE));
    }
    assertFalse(guard.admits(reuser), "a guesser that reuses its nonce is banned as well");
    assertEquals(Duration.ZERO, wrong(ip("192.0.2.22"), "carol"));
    assertEquals(Duration.ZERO, wrong(ip("192.0.2.22"), "carol"), "spent nonces did not count for the user");
  }

  @Test
  void theLogHasAtMostOneFailureLinePerSourceAndIntervalAndCountsWhatItLeftOut() {
    InetAddress a = ip("192.0.2.30");
    FailureGuard quiet = new FailureGuard(new FailureSettings(SETTINGS.window(), 0, SETTINGS.banTime(),
        SETTINGS.banTimeMax(), 0, SETTINGS.delayBase(), SETTINGS.delayMax(), 10, 1_000, 1_000, Duration.ofSeconds(1)),
        clock);
    for (int i = 0; i < 100; i++) {
      quiet.refused(a, "alice", REALM, "REGISTER", InvalidReason.WRONG_CREDENTIALS);
    }
    quiet.refused(ip("192.0.2.31"), "alice", REALM, "REGISTER", InvalidReason.WRONG_CREDENTIALS);
    clock.advance(Duration.ofSeconds(1));
    quiet.refused(a, "alice", REALM, "INVITE", InvalidReason.WRONG_CREDENTIALS);
    assertEquals(List.of(
        "auth failed: source=192.0.2.30 user=alice realm=example.com method=REGISTER reason=wrong-credentials",
        "auth failed: source=192.0.2.31 user=alice realm=example.com method=REGISTER reason=wrong-credentials",
        "auth failed: source=192.0.2.30 user=alice realm=example.com method=INVITE reason=wrong-credentials"
            + " suppressed=99"), messages());
    assertEquals(102, quiet.stats().failures(), "the counter counts every one");
    assertEquals(99, quiet.stats().logLinesSuppressed());
    assertTrue(lines.list.stream().allMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO));
  }

  /** The user name is the client's: it cannot end the line, fake a field or run on for ever. */
  @Test
  void theClientsWordsCannotForgeALine() {
    guard.refused(ip("192.0.2.40"), "x\nauth failed: source=10.0.0.1 user=y", "ex ample", "REGISTER",
        InvalidReason.WRONG_CREDENTIALS);
    guard.refused(ip("192.0.2.41"), "a".repeat(500), REALM, "REGISTER", InvalidReason.WRONG_CREDENTIALS);
    guard.refused(ip("192.0.2.42"), null, REALM, "REGISTER", InvalidReason.MALFORMED);
    List<String> m = messages();
    assertEquals("auth failed: source=192.0.2.40 user=x?auth?failed:?source?10.0.0.1?user?y realm=ex?ample "
        + "method=REGISTER reason=wrong-credentials", m.get(0));
    assertEquals("auth failed: source=192.0.2.41 user=" + "a".repeat(FailureLog.MAX_FIELD) + "... realm=example.com "
        + "method=REGISTER reason=wrong-credentials", m.get(1));
    assertEquals("auth failed: source=192.0.2.42 user=- realm=example.com method=REGISTER reason=malformed", m.get(2));
  }

  /** A stranger spraying user names or sources grows neither map past its limit. */
  @Test
  void memoryIsBoundedWhateverAStrangerSends() {
    SourceBans bans = new SourceBans(SETTINGS, clock);
    UserDelays delays = new UserDelays(SETTINGS, clock);
    for (int i = 0; i < 20_000; i++) {
      bans.failed(ip("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)));
      delays.failed("user" + i, REALM);
    }
    assertTrue(bans.size() <= SETTINGS.trackedSources(), "sources " + bans.size());
    assertTrue(delays.size() <= SETTINGS.trackedUsers(), "users " + delays.size());
  }

  @Test
  void delayedAnswersAreCapped() {
    PendingDelays pending = guard.pendingDelays();
    for (int i = 0; i < SETTINGS.maxPendingDelayed(); i++) {
      assertTrue(pending.tryAcquire());
    }
    assertFalse(pending.tryAcquire());
    assertEquals(1, guard.stats().delayedDropped());
    pending.release();
    assertTrue(pending.tryAcquire());
    assertEquals(SETTINGS.maxPendingDelayed(), pending.pending());
  }
}
