package io.parley.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.AuthSettings;
import io.parley.auth.AuthStats;
import io.parley.auth.DigestAlgorithm;
import io.parley.auth.DigestAuthenticator;
import io.parley.auth.DigestVerifier;
import io.parley.auth.FailureGuard;
import io.parley.auth.FailureSettings;
import io.parley.auth.Ha1;
import io.parley.auth.NonceCountTracker;
import io.parley.auth.NonceService;
import io.parley.message.HeaderName;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 3261 §10.3 steps 3, 4 and §22 as {@link RegisterAuthenticator} applies them. */
class RegisterAuthenticatorTest {
  /** Both algorithms challenged, MD5 first: the default challenges MD5 alone. */
  private static final AuthSettings MD5_AND_SHA_256 = new AuthSettings("", Duration.ofSeconds(300),
      Duration.ofSeconds(5), 1_000, List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256));
  private final MutableClock clock = new MutableClock();
  private final NonceService nonces = new NonceService("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8),
      Duration.ofSeconds(300), Duration.ofSeconds(5), clock);
  private final Map<String, String> passwords = Map.of("bob", "bobpw", "alice", "alicepw");
  private final RegisterAuthenticator auth = authenticator(new FailureGuard(FailureSettings.DEFAULT, clock));

  private RegisterAuthenticator authenticator(FailureGuard failures) {
    return new RegisterAuthenticator(new DigestAuthenticator(MD5_AND_SHA_256, nonces,
        new DigestVerifier(nonces, new NonceCountTracker(Duration.ofMinutes(10), 1000, clock),
            DigestAuthenticator::sameUri),
        (user, realm, algorithm) -> Optional.ofNullable(passwords.get(user))
            .filter(p -> realm.equals("example.com")).map(p -> Ha1.compute(algorithm, user, realm, p)),
        "Parley", failures));
  }

  private static SipRequest register(String... extra) {
    String[] all = new String[extra.length + 1];
    all[0] = "Contact: <sip:bob@192.0.2.1>";
    System.arraycopy(extra, 0, all, 1, extra.length);
    return RegisterRulesTest.register("<sip:bob@example.com>", all);
  }

  private String freshNonce() {
    RegisterAuthenticator.Refuse r = assertInstanceOf(RegisterAuthenticator.Refuse.class,
        auth.check(register(), "example.com", "bob"));
    return DigestUa.nonceIn(new String(r.response(), StandardCharsets.UTF_8));
  }

  @Test
  void noCredentialsIsA401WithAChallengePerAlgorithm() {
    RegisterAuthenticator.Refuse r = assertInstanceOf(RegisterAuthenticator.Refuse.class,
        auth.check(register(), "example.com", "bob"));
    assertEquals(401, r.status());
    SipResponse response = (SipResponse) SipParser.parse(r.response());
    List<String> challenges = response.values(HeaderName.WWW_AUTHENTICATE);
    assertEquals(2, challenges.size(), challenges.toString());
    assertTrue(challenges.get(0).contains("realm=\"example.com\"") && challenges.get(0).contains("algorithm=MD5"),
        challenges.toString());
    assertTrue(challenges.get(1).contains("algorithm=SHA-256"), challenges.toString());
    assertFalse(challenges.get(0).contains("stale"), challenges.toString());
  }

  @Test
  void theRightAnswerPassesForEachAlgorithm() {
    for (DigestAlgorithm a : List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256, DigestAlgorithm.SHA_512_256)) {
      String header = DigestUa.authorization(a, "bob", "bobpw", "example.com", freshNonce(), "sip:example.com", 1);
      assertEquals(new RegisterAuthenticator.Pass("bob"),
          auth.check(register("Authorization: " + header), "example.com", "bob"), a.token());
    }
  }

  @Test
  void aReplayedCountIsChallengedAgain() {
    String nonce = freshNonce();
    String right = DigestUa.authorization(DigestAlgorithm.MD5, "bob", "bobpw", "example.com", nonce, "sip:example.com", 1);
    assertInstanceOf(RegisterAuthenticator.Pass.class, auth.check(register("Authorization: " + right), "example.com", "bob"));
    // the same request again is its retransmission (the registrar keeps no transaction state)
    assertInstanceOf(RegisterAuthenticator.Pass.class, auth.check(register("Authorization: " + right), "example.com", "bob"));
    // the same count in another request (another branch) is a replay
    SipRequest other = (SipRequest) SipParser.parse(new String(register("Authorization: " + right).toBytes(),
        StandardCharsets.UTF_8).replace("branch=z9hG4bK-1", "branch=z9hG4bK-2").getBytes(StandardCharsets.UTF_8));
    assertEquals(401, assertInstanceOf(RegisterAuthenticator.Refuse.class, auth.check(other, "example.com", "bob"))
        .status());
  }

  /**
   * A wrong password spends the nonce (RFC 7616 §5.13): the right password on it, and the failed
   * request again (its retransmission), get a fresh challenge without stale=true.
   */
  @Test
  void aWrongPasswordSpendsTheNonce() {
    String nonce = freshNonce();
    String wrong = DigestUa.authorization(DigestAlgorithm.MD5, "bob", "nope", "example.com", nonce, "sip:example.com", 1);
    assertEquals(401, ((RegisterAuthenticator.Refuse) auth.check(register("Authorization: " + wrong), "example.com",
        "bob")).status());
    for (String header : List.of(wrong, DigestUa.authorization(DigestAlgorithm.MD5, "bob", "bobpw", "example.com",
        nonce, "sip:example.com", 2))) {
      RegisterAuthenticator.Refuse r = assertInstanceOf(RegisterAuthenticator.Refuse.class,
          auth.check(register("Authorization: " + header), "example.com", "bob"));
      assertEquals(401, r.status());
      String text = new String(r.response(), StandardCharsets.UTF_8);
      assertFalse(text.contains("stale"), text);
      assertNotEquals(nonce, DigestUa.nonceIn(text));
    }
    String right = DigestUa.authorization(DigestAlgorithm.MD5, "bob", "bobpw", "example.com", freshNonce(),
        "sip:example.com", 1);
    assertInstanceOf(RegisterAuthenticator.Pass.class, auth.check(register("Authorization: " + right), "example.com", "bob"));
  }

  /**
   * Guessing: the source that failed max-per-source times is dropped; the user's failures past
   * max-per-user are answered late, from any source; the right password is never delayed.
   */
  @Test
  void aBannedSourceIsDroppedAndAUserUnderAttackIsAnsweredLateButNeverASuccess() throws Exception {
    FailureSettings s = new FailureSettings(Duration.ofMinutes(10), 3, Duration.ofSeconds(60), Duration.ofHours(1), 2,
        Duration.ofSeconds(1), Duration.ofSeconds(30), 1000, 1000, 1000, Duration.ofSeconds(1));
    FailureGuard failures = new FailureGuard(s, clock);
    RegisterAuthenticator guarded = authenticator(failures);
    InetAddress attacker = InetAddress.getByName("192.0.2.66");
    InetAddress phone = InetAddress.getByName("192.0.2.77");
    List<Duration> delays = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      delays.add(assertInstanceOf(RegisterAuthenticator.Refuse.class, guarded.check(guess(), "example.com", "bob",
          attacker)).delay());
    }
    assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)), delays);
    assertInstanceOf(RegisterAuthenticator.Drop.class, guarded.check(guess(), "example.com", "bob", attacker));
    assertInstanceOf(RegisterAuthenticator.Drop.class, guarded.check(register(), "example.com", "bob", attacker),
        "no challenge either");

    assertEquals(Duration.ofSeconds(2), assertInstanceOf(RegisterAuthenticator.Refuse.class,
        guarded.check(guess(), "example.com", "bob", phone)).delay(), "the user's delay holds for any source");
    String right = DigestUa.authorization(DigestAlgorithm.MD5, "bob", "bobpw", "example.com", freshNonce(),
        "sip:example.com", 1);
    assertEquals(new RegisterAuthenticator.Pass("bob"),
        guarded.check(register("Authorization: " + right), "example.com", "bob", phone));

    AuthStats.Snapshot stats = failures.stats();
    assertEquals(4, stats.failures());
    assertEquals(1, stats.bans());
    assertEquals(2, stats.droppedWhileBanned());
    assertEquals(2, stats.delayed());
  }

  private SipRequest guess() {
    return register("Authorization: " + DigestUa.authorization(DigestAlgorithm.MD5, "bob", "guess", "example.com",
        freshNonce(), "sip:example.com", 1));
  }

  /** RFC 3261 §10.3 step 4: an authenticated subscriber registers only its own AOR. */
  @Test
  void anotherSubscribersAorIsForbidden() {
    String header = DigestUa.authorization(DigestAlgorithm.MD5, "alice", "alicepw", "example.com", freshNonce(),
        "sip:example.com", 1);
    RegisterAuthenticator.Refuse r = assertInstanceOf(RegisterAuthenticator.Refuse.class,
        auth.check(register("Authorization: " + header), "example.com", "bob"));
    assertEquals(403, r.status());
  }

  /** RFC 7616 §3.3: a right answer to an expired nonce is challenged with stale=true. */
  @Test
  void anExpiredNonceIsStale() {
    String nonce = freshNonce();
    clock.advance(Duration.ofSeconds(301));
    String header = DigestUa.authorization(DigestAlgorithm.SHA_256, "bob", "bobpw", "example.com", nonce,
        "sip:example.com", 1);
    RegisterAuthenticator.Refuse r = assertInstanceOf(RegisterAuthenticator.Refuse.class,
        auth.check(register("Authorization: " + header), "example.com", "bob"));
    assertEquals(401, r.status());
    assertTrue(new String(r.response(), StandardCharsets.UTF_8).contains("stale=true"));
  }

  @Test
  void credentialsForAnotherRealmAreNoCredentials() {
    String header = DigestUa.authorization(DigestAlgorithm.MD5, "bob", "bobpw", "example.org", freshNonce(),
        "sip:example.com", 1);
    assertEquals(401, ((RegisterAuthenticator.Refuse) auth.check(register("Authorization: " + header), "example.com",
        "bob")).status());
  }

  @Test
  void theDigestUriIsComparedAsAUri() {
    assertTrue(DigestAuthenticator.sameUri("sip:EXAMPLE.com", "sip:example.com"));
    assertFalse(DigestAuthenticator.sameUri("sip:example.org", "sip:example.com"));
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
