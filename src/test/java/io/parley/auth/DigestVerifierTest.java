package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DigestVerifierTest {
  private static final String REALM = "example.com";
  private static final String URI = "sip:example.com";
  private static final byte[] SECRET = "shared-by-every-node-of-the-cluster".getBytes(StandardCharsets.UTF_8);

  private final TestClock clock = new TestClock();
  private final NonceService nonces = new NonceService(SECRET, Duration.ofSeconds(300), Duration.ofSeconds(5), clock);
  private final NonceCountTracker counts = new NonceCountTracker(Duration.ofSeconds(305), 1_000, clock);
  private final DigestVerifier verifier = new DigestVerifier(nonces, counts);
  private final AtomicInteger lookups = new AtomicInteger();
  private final Map<String, Subscriber> subscribers = Map.of(
      "alice", Subscriber.withPassword(new SubscriberId("alice", REALM), "secret", clock.instant()));
  private final Ha1Lookup lookup = (user, realm, algorithm) -> {
    lookups.incrementAndGet();
    Subscriber s = subscribers.get(user);
    return s == null || !s.id().domain().equals(realm) ? Optional.empty() : Optional.ofNullable(s.ha1(algorithm));
  };

  private AuthResult verify(Credentials c) {
    return verifier.verify("REGISTER", URI, c, REALM, lookup);
  }

  private Credentials withQop(String password, String nonce, String algorithm, String nc) {
    return DigestClient.answer("alice", password, REALM, nonce, "REGISTER", URI, algorithm, "auth", nc, "0a4f113b");
  }

  private static AuthResult invalid(InvalidReason reason) {
    return new AuthResult.Invalid(reason);
  }

  @Test
  void everyAlgorithmWithAndWithoutSessAndQopAuthenticates() {
    for (String algorithm : new String[] {"MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"}) {
      Credentials c = withQop("secret", nonces.issue(REALM), algorithm, "00000001");
      assertEquals(new AuthResult.Authenticated("alice"), verify(c), algorithm);
    }
  }

  @Test
  void rfc2069CredentialsWithoutQopAuthenticateAsKamailioAsksForThem() {
    for (String algorithm : new String[] {null, "MD5", "SHA-256", "SHA-512-256"}) {
      Credentials c = DigestClient.answer("alice", "secret", REALM, nonces.issue(REALM), "REGISTER", URI, algorithm,
          null, null, null);
      assertEquals(new AuthResult.Authenticated("alice"), verify(c), String.valueOf(algorithm));
    }
  }

  @Test
  void noCredentialsAreMissing() {
    assertSame(AuthResult.MISSING, verifier.verify("REGISTER", URI, null, REALM, lookup));
  }

  @Test
  void aWrongPasswordIsWrongCredentials() {
    assertEquals(invalid(InvalidReason.WRONG_CREDENTIALS), verify(withQop("guess", nonces.issue(REALM), "MD5", "00000001")));
    assertEquals(invalid(InvalidReason.WRONG_CREDENTIALS), verify(withQop("guess", nonces.issue(REALM), "SHA-256", "00000001")));
  }

  @Test
  void anUnknownUserLooksExactlyLikeAWrongPassword() {
    Credentials unknown = DigestClient.answer("mallory", "secret", REALM, nonces.issue(REALM), "REGISTER", URI, "MD5",
        "auth", "00000001", "c");
    AuthResult forUnknown = verify(unknown);
    AuthResult forWrongPassword = verify(withQop("guess", nonces.issue(REALM), "MD5", "00000001"));
    assertEquals(forWrongPassword, forUnknown);
    assertEquals(((AuthResult.Invalid) forWrongPassword).reason().description(),
        ((AuthResult.Invalid) forUnknown).reason().description());
    assertEquals(2, lookups.get(), "both looked the user up");
  }

  @Test
  void anUnknownUserIsRefusedEvenWithAStaleNonce() {
    String nonce = nonces.issue(REALM);
    clock.advance(Duration.ofSeconds(301));
    Credentials unknown = DigestClient.answer("mallory", "x", REALM, nonce, "REGISTER", URI, "MD5", "auth", "00000001", "c");
    assertEquals(invalid(InvalidReason.WRONG_CREDENTIALS), verify(unknown));
  }

  @Test
  void anExpiredNonceWithTheRightResponseIsStale() {
    String nonce = nonces.issue(REALM);
    clock.advance(Duration.ofSeconds(301));
    assertSame(AuthResult.STALE, verify(withQop("secret", nonce, "MD5", "00000001")));
    Credentials noQop = DigestClient.answer("alice", "secret", REALM, nonce, "REGISTER", URI, "MD5", null, null, null);
    assertSame(AuthResult.STALE, verify(noQop));
  }

  @Test
  void anExpiredNonceWithAWrongResponseIsNotStale() {
    String nonce = nonces.issue(REALM);
    clock.advance(Duration.ofSeconds(301));
    assertEquals(invalid(InvalidReason.WRONG_CREDENTIALS), verify(withQop("guess", nonce, "MD5", "00000001")));
  }

  @Test
  void aTamperedNonceIsBadAndNeverReachesTheLookup() {
    String nonce = nonces.issue(REALM);
    String tampered = (nonce.charAt(5) == 'x' ? 'y' : 'x') + "";
    tampered = nonce.substring(0, 5) + tampered + nonce.substring(6);
    assertEquals(invalid(InvalidReason.BAD_NONCE), verify(withQop("secret", tampered, "MD5", "00000001")));
    assertEquals(invalid(InvalidReason.BAD_NONCE), verify(withQop("secret", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
        "MD5", "00000001")));
    assertEquals(0, lookups.get());
  }

  @Test
  void aNonceFromAnotherNodeWithTheSameSecretAuthenticates() {
    NonceService otherNode = new NonceService(SECRET, Duration.ofSeconds(300), Duration.ofSeconds(5), clock);
    assertEquals(new AuthResult.Authenticated("alice"),
        verify(withQop("secret", otherNode.issue(REALM), "SHA-256", "00000001")));
  }

  @Test
  void aReplayedNonceCountIsRefusedAndTheNextOneAccepted() {
    String nonce = nonces.issue(REALM);
    Credentials first = withQop("secret", nonce, "MD5", "00000001");
    assertEquals(new AuthResult.Authenticated("alice"), verify(first));
    assertEquals(invalid(InvalidReason.NONCE_REPLAY), verify(first));
    assertEquals(new AuthResult.Authenticated("alice"), verify(withQop("secret", nonce, "MD5", "00000002")));
  }

  @Test
  void anotherSubscriberAnsweringTheSameNonceDoesNotUseUpTheCount() {
    Subscriber bob = Subscriber.withPassword(new SubscriberId("bob", REALM), "bobpw", clock.instant());
    Ha1Lookup both = (user, realm, a) -> user.equals("bob") ? Optional.of(bob.ha1(a)) : lookup.ha1(user, realm, a);
    String nonce = nonces.issue(REALM);
    Credentials byBob = DigestClient.answer("bob", "bobpw", REALM, nonce, "REGISTER", URI, "MD5", "auth", "00000001", "c");
    assertEquals(new AuthResult.Authenticated("bob"), verifier.verify("REGISTER", URI, byBob, REALM, both));
    assertEquals(new AuthResult.Authenticated("alice"),
        verifier.verify("REGISTER", URI, withQop("secret", nonce, "MD5", "00000001"), REALM, both));
  }

  /**
   * RFC 7616 §5.13: one verdict per challenge. A wrong response spends its nonce; the next
   * request with it, even the right one or the very same one again, is refused before any
   * hashing or lookup, and a fresh nonce works.
   */
  @Test
  void aWrongResponseSpendsItsNonce() {
    String nonce = nonces.issue(REALM);
    Credentials guess = withQop("guess", nonce, "MD5", "00000001");
    assertEquals(invalid(InvalidReason.WRONG_CREDENTIALS), verify(guess));
    int looked = lookups.get();
    assertEquals(invalid(InvalidReason.SPENT_NONCE), verify(guess), "the same request again");
    assertEquals(invalid(InvalidReason.SPENT_NONCE), verify(withQop("secret", nonce, "MD5", "00000002")));
    assertEquals(looked, lookups.get(), "no lookup, no hashing for a spent nonce");
    assertEquals(new AuthResult.Authenticated("alice"), verify(withQop("secret", nonces.issue(REALM), "MD5", "00000001")));
  }

  @Test
  void anUnknownUserSpendsTheNonceForEveryUser() {
    String nonce = nonces.issue(REALM);
    Credentials mallory = DigestClient.answer("mallory", "x", REALM, nonce, "REGISTER", URI, "MD5", "auth", "00000001",
        "c");
    assertEquals(invalid(InvalidReason.WRONG_CREDENTIALS), verify(mallory));
    assertEquals(invalid(InvalidReason.SPENT_NONCE), verify(withQop("secret", nonce, "MD5", "00000001")));
  }

  @Test
  void aMalformedOrForeignNonceSpendsNothing() {
    String nonce = nonces.issue(REALM);
    assertEquals(invalid(InvalidReason.URI_MISMATCH), verifier.verify("REGISTER", "sip:other.example.com",
        withQop("guess", nonce, "MD5", "00000001"), REALM, lookup));
    assertEquals(new AuthResult.Authenticated("alice"), verify(withQop("secret", nonce, "MD5", "00000001")));
  }

  @Test
  void theRealmMustBeOurs() {
    String nonce = nonces.issue(REALM);
    Credentials c = DigestClient.answer("alice", "secret", "other.org", nonce, "REGISTER", URI, "MD5", "auth",
        "00000001", "c");
    assertEquals(invalid(InvalidReason.REALM_MISMATCH), verify(c));
  }

  @Test
  void theDigestUriMustBeTheRequestUri() {
    Credentials c = withQop("secret", nonces.issue(REALM), "MD5", "00000001");
    assertEquals(invalid(InvalidReason.URI_MISMATCH), verifier.verify("REGISTER", "sip:other.example.com", c, REALM, lookup));
  }

  @Test
  void aCustomUriComparisonIsUsed() {
    DigestVerifier lenient = new DigestVerifier(nonces, counts, String::equalsIgnoreCase);
    Credentials c = withQop("secret", nonces.issue(REALM), "MD5", "00000001");
    assertEquals(new AuthResult.Authenticated("alice"), lenient.verify("REGISTER", "SIP:EXAMPLE.COM", c, REALM, lookup));
  }

  @Test
  void theMethodIsPartOfTheDigest() {
    Credentials c = withQop("secret", nonces.issue(REALM), "MD5", "00000001");
    assertEquals(invalid(InvalidReason.WRONG_CREDENTIALS), verifier.verify("INVITE", URI, c, REALM, lookup));
  }

  @Test
  void authIntIsRefused() {
    Credentials c = DigestClient.answer("alice", "secret", REALM, nonces.issue(REALM), "REGISTER", URI, "MD5", "auth",
        "00000001", "c");
    Credentials authInt = new Credentials(c.username(), c.realm(), c.nonce(), c.uri(), c.response(), c.algorithm(),
        c.cnonce(), c.nc(), "auth-int", null);
    assertEquals(invalid(InvalidReason.UNSUPPORTED_QOP), verify(authInt));
  }

  @Test
  void anUnknownAlgorithmIsRefused() {
    Credentials c = withQop("secret", nonces.issue(REALM), "MD5", "00000001");
    Credentials sha512 = new Credentials(c.username(), c.realm(), c.nonce(), c.uri(), c.response(), "SHA-512",
        c.cnonce(), c.nc(), c.qop(), null);
    assertEquals(invalid(InvalidReason.UNSUPPORTED_ALGORITHM), verify(sha512));
  }

  @Test
  void malformedCredentialsAreRefused() {
    String nonce = nonces.issue(REALM);
    Credentials ok = withQop("secret", nonce, "MD5", "00000001");
    // qop without nc or cnonce, nc not 8 hex digits, nc zero, a missing response, -sess without cnonce
    assertEquals(invalid(InvalidReason.MALFORMED), verify(new Credentials("alice", REALM, nonce, URI, ok.response(),
        "MD5", "c", null, "auth", null)));
    assertEquals(invalid(InvalidReason.MALFORMED), verify(new Credentials("alice", REALM, nonce, URI, ok.response(),
        "MD5", null, "00000001", "auth", null)));
    assertEquals(invalid(InvalidReason.MALFORMED), verify(new Credentials("alice", REALM, nonce, URI, ok.response(),
        "MD5", "c", "1", "auth", null)));
    assertEquals(invalid(InvalidReason.MALFORMED), verify(new Credentials("alice", REALM, nonce, URI, ok.response(),
        "MD5", "c", "0000000g", "auth", null)));
    assertEquals(invalid(InvalidReason.MALFORMED), verify(new Credentials("alice", REALM, nonce, URI, ok.response(),
        "MD5", "c", "00000000", "auth", null)));
    assertEquals(invalid(InvalidReason.MALFORMED), verify(new Credentials("alice", REALM, nonce, URI, null,
        "MD5", "c", "00000001", "auth", null)));
    assertEquals(invalid(InvalidReason.MALFORMED), verify(new Credentials("alice", REALM, nonce, URI, ok.response(),
        "MD5-sess", null, null, null, null)));
    assertEquals(invalid(InvalidReason.MALFORMED), verify(new Credentials("alice", REALM, nonce, URI, ok.response(),
        "MD5", "c", "00000001", "bogus", null)));
    assertEquals(0, lookups.get());
  }

  @Test
  void anUpperCaseResponseAndNonceCountAreAccepted() {
    String nonce = nonces.issue(REALM);
    Credentials c = withQop("secret", nonce, "MD5", "0000000A");
    Credentials upper = new Credentials(c.username(), c.realm(), c.nonce(), c.uri(), c.response().toUpperCase(),
        c.algorithm(), c.cnonce(), c.nc(), c.qop(), null);
    assertEquals(new AuthResult.Authenticated("alice"), verify(upper));
    assertEquals(invalid(InvalidReason.NONCE_REPLAY), verify(withQop("secret", nonce, "MD5", "0000000a")));
  }

  @Test
  void nonceCountParsing() {
    assertEquals(1, DigestVerifier.parseNonceCount("00000001"));
    assertEquals(0xffffffffL, DigestVerifier.parseNonceCount("ffffffff"));
    assertEquals(-1, DigestVerifier.parseNonceCount("0000001"));
    assertEquals(-1, DigestVerifier.parseNonceCount("+0000001"));
    assertEquals(-1, DigestVerifier.parseNonceCount("0000\u0663001"));
  }

  @Test
  void credentialsNeverPrintTheirResponse() {
    Credentials c = withQop("secret", nonces.issue(REALM), "MD5", "00000001");
    assertEquals(false, c.toString().contains(c.response()));
  }
}
