package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FloodGuard} under a clock that moves only when told to. */
class FloodGuardTest {
  private static final InetAddress A = IpNetwork.parseAddress("192.0.2.1");
  private static final InetAddress B = IpNetwork.parseAddress("192.0.2.2");
  private static final InetAddress GW = IpNetwork.parseAddress("198.51.100.7");

  private final TestClock clock = new TestClock();

  private FloodGuard guard(int maxRequests, int maxTracked) {
    FloodSettings s = new FloodSettings(true, Duration.ofSeconds(2), maxRequests, Duration.ofSeconds(60), maxTracked);
    TrustedPeers trusted = TrustedPeers.of(List.of(
        new TrustedPeer(IpNetwork.parse("198.51.100.0/24"), "gw", TrustedPeer.Source.CONFIGURATION)));
    return new FloodGuard(s, clock, trusted::isTrusted);
  }

  private static int admitted(FloodGuard g, InetAddress source, int requests) {
    int n = 0;
    for (int i = 0; i < requests; i++) {
      if (g.admit(source)) {
        n++;
      }
    }
    return n;
  }

  @Test
  void aSourceUnderTheLimitIsNeverBanned() {
    FloodGuard g = guard(10, 1000);
    for (int window = 0; window < 20; window++) {
      // 5 a window, steadily: half the limit
      assertEquals(5, admitted(g, A, 5));
      clock.advance(Duration.ofSeconds(2));
    }
    assertTrue(g.bans().isEmpty());
    assertEquals(100, g.stats().admitted());
    assertEquals(0, g.stats().bansStarted());
  }

  @Test
  void oneRequestOverTheLimitBansTheSourceAndOnlyIt() {
    FloodGuard g = guard(10, 1000);
    assertEquals(10, admitted(g, A, 10));
    assertFalse(g.admit(A), "the 11th within the window");
    assertEquals(0, admitted(g, A, 100), "dropped while banned");
    assertTrue(g.admit(B), "another source is not affected");

    List<FloodGuard.Ban> bans = g.bans();
    assertEquals(1, bans.size());
    FloodGuard.Ban ban = bans.get(0);
    assertEquals(A, ban.source());
    assertEquals(11, ban.requests());
    assertEquals(clock.instant(), ban.since());
    assertEquals(clock.instant().plusSeconds(60), ban.until());
    FloodGuard.Stats stats = g.stats();
    assertEquals(11, stats.admitted());
    assertEquals(101, stats.dropped());
    assertEquals(1, stats.bansStarted());
  }

  @Test
  void aBurstAcrossAWindowBoundaryCountsWhole() {
    FloodGuard g = guard(10, 1000);
    clock.advance(Duration.ofMillis(1900));
    assertEquals(8, admitted(g, A, 8));
    clock.advance(Duration.ofMillis(200)); // a new window, but 95 % of the last one still counts
    assertEquals(2, admitted(g, A, 2));
    assertFalse(g.admit(A), "8 × 0.95 + 3 > 10");
  }

  @Test
  void theBanEndsAfterTheBanTimeAndTheCountStartsAfresh() {
    FloodGuard g = guard(10, 1000);
    admitted(g, A, 11);
    clock.advance(Duration.ofSeconds(59));
    assertFalse(g.admit(A));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(10, admitted(g, A, 10), "a fresh window after the ban");
    assertTrue(g.bans().isEmpty());
    assertFalse(g.admit(A), "and banned again when it goes on");
    assertEquals(2, g.stats().bansStarted());
  }

  @Test
  void unbanLiftsTheBanAtOnce() {
    FloodGuard g = guard(10, 1000);
    admitted(g, A, 11);
    assertFalse(g.unban(B), "not banned");
    assertTrue(g.unban(A));
    assertTrue(g.bans().isEmpty());
    assertEquals(10, admitted(g, A, 10));
    assertFalse(g.unban(A), "lifted already");
  }

  @Test
  void aTrustedSourceIsNeverCountedNorBanned() {
    FloodGuard g = guard(10, 1000);
    assertEquals(10_000, admitted(g, GW, 10_000));
    assertTrue(g.bans().isEmpty());
    assertEquals(10_000, g.stats().trusted());
    assertEquals(0, g.stats().tracked());
  }

  @Test
  void disabledAdmitsEverything() {
    FloodGuard g = new FloodGuard(new FloodSettings(false, Duration.ofSeconds(2), 1, Duration.ofSeconds(60), 100),
        clock, a -> false);
    assertEquals(1000, admitted(g, A, 1000));
    assertEquals(0, g.stats().tracked());
  }

  @Test
  void theTableIsBoundedAndIdleSourcesAreSwept() throws Exception {
    FloodGuard g = guard(10, 100);
    admitted(g, A, 11); // banned, tracked
    for (int i = 0; i < 500; i++) {
      // a spoofed-source flood: each address once
      assertTrue(g.admit(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i})));
    }
    FloodGuard.Stats stats = g.stats();
    assertEquals(100, stats.tracked(), "never more than max-tracked");
    assertEquals(401, stats.untracked());
    assertFalse(g.admit(A), "the ban held through the flood");

    clock.advance(Duration.ofSeconds(4));
    g.sweep();
    assertEquals(1, g.stats().tracked(), "the idle ones are forgotten, the banned one kept");
    assertEquals(List.of(A), g.bans().stream().map(FloodGuard.Ban::source).toList());
    // room again: a new source is counted, and banned when it floods
    assertEquals(10, admitted(g, B, 20));
    assertEquals(2, g.bans().size());

    clock.advance(Duration.ofSeconds(61));
    g.sweep();
    assertEquals(0, g.stats().tracked(), "ended bans are forgotten too");
  }

  @Test
  void aSourceSweptWhileCountedIsCountedAfresh() {
    FloodGuard g = guard(10, 1000);
    admitted(g, A, 5);
    clock.advance(Duration.ofSeconds(4));
    g.sweep();
    assertEquals(0, g.stats().tracked());
    assertEquals(10, admitted(g, A, 10));
    assertFalse(g.admit(A));
  }

  @Test
  void ipv6SourcesAreCountedLikeIpv4() {
    FloodGuard g = guard(3, 1000);
    InetAddress v6 = IpNetwork.parseAddress("2001:db8::1");
    assertEquals(3, admitted(g, v6, 4));
    assertEquals("2001:db8::1", IpNetwork.format(g.bans().get(0).source()));
  }
}
