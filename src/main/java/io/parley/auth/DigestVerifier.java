package io.parley.auth;

import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Decides whether Digest credentials authenticate a request (RFC 3261 §22, RFC 7616 §3.4), for
 * {@code qop=auth} and for the RFC 2069 form without qop (RFC 2617 §3.2.2.1) that Kamailio's
 * {@code www_challenge(…, "0")} asks for, with MD5, SHA-256 or SHA-512-256 and their {@code -sess}
 * variants. {@code auth-int} is refused ({@link DigestResponse}).
 *
 * <p>The order of the checks matters:
 * <ol>
 *   <li>cheap checks of syntax, realm, digest-uri and the nonce's MAC come first, and are the
 *       same whether the user exists or not;</li>
 *   <li>an unknown user is answered exactly as a wrong password ({@link InvalidReason#WRONG_CREDENTIALS})
 *       after the same hashing against a random HA1, so neither the answer nor its cost tells
 *       that a user name exists (RFC 3665 §2.5);</li>
 *   <li>a stale nonce is reported only once the response proved right, as RFC 7616 §3.3 asks:
 *       otherwise {@code stale=true} would invite a password guesser to keep going;</li>
 *   <li>the nonce count is recorded only after the response proved right, so that nobody who
 *       lacks the password can use up a subscriber's counts;</li>
 *   <li>a response that does not verify spends its nonce, and a spent nonce is refused before
 *       any hashing ({@link InvalidReason#SPENT_NONCE}): a guesser gets one verdict per
 *       challenge, so each guess costs him a round trip (RFC 7616 §5.13), and reusing a nonce
 *       costs us no hashing. A retransmission of the failed request is challenged again.</li>
 * </ol>
 *
 * <p>Without qop there is no nc, so a request can be replayed while its nonce lives (RFC 2617
 * §4.5); the nonce lifetime bounds that. Thread-safe: the state is in {@link NonceService} and
 * {@link NonceCountTracker}, both thread-safe.
 */
public final class DigestVerifier {
  private static final Map<InvalidReason, AuthResult.Invalid> INVALID = new EnumMap<>(InvalidReason.class);

  static {
    for (InvalidReason r : InvalidReason.values()) {
      INVALID.put(r, new AuthResult.Invalid(r));
    }
  }

  private final NonceService nonces;
  private final NonceCountTracker counts;
  private final BiPredicate<String, String> sameUri;
  private final Map<DigestAlgorithm, String> dummyHa1 = new EnumMap<>(DigestAlgorithm.class);

  /** A verifier that requires the digest-uri to equal the Request-URI character for character. */
  public DigestVerifier(NonceService nonces, NonceCountTracker counts) {
    this(nonces, counts, String::equals);
  }

  /**
   * @param sameUri tells whether the digest-uri (first argument) names the Request-URI (second),
   *     e.g. by the URI comparison of RFC 3261 §19.1.4
   */
  public DigestVerifier(NonceService nonces, NonceCountTracker counts, BiPredicate<String, String> sameUri) {
    this.nonces = Objects.requireNonNull(nonces, "nonces");
    this.counts = Objects.requireNonNull(counts, "counts");
    this.sameUri = Objects.requireNonNull(sameUri, "sameUri");
    SecureRandom random = new SecureRandom();
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      dummyHa1.put(a, a.hash(Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())));
    }
  }

  /**
   * @param method the request's method, e.g. {@code REGISTER}; part of HA2
   * @param requestUri the Request-URI as it appears on the request line
   * @param credentials the credentials for {@code expectedRealm}, or {@code null} if the request has none
   * @param expectedRealm the realm this server challenges with for this request
   * @param lookup the subscribers' HA1s, from memory
   */
  public AuthResult verify(String method, String requestUri, Credentials credentials, String expectedRealm,
      Ha1Lookup lookup) {
    return verify(method, requestUri, credentials, expectedRealm, lookup, NonceCountTracker.NO_REQUEST_KEY);
  }

  /**
   * As {@link #verify(String, String, Credentials, String, Ha1Lookup)} for a caller without
   * transaction state: {@code requestKey} names the request, so that its retransmission passes
   * the nonce-count check again ({@link NonceCountTracker#accept(String, String, long, long)}).
   */
  public AuthResult verify(String method, String requestUri, Credentials credentials, String expectedRealm,
      Ha1Lookup lookup, long requestKey) {
    if (credentials == null) {
      return AuthResult.MISSING;
    }
    Credentials c = credentials;
    if (c.username() == null || c.realm() == null || c.nonce() == null || c.uri() == null || c.response() == null) {
      return invalid(InvalidReason.MALFORMED);
    }
    if (!c.realm().equals(expectedRealm)) {
      return invalid(InvalidReason.REALM_MISMATCH);
    }
    Optional<AlgorithmParameter> parsed = AlgorithmParameter.parse(c.algorithm());
    if (parsed.isEmpty()) {
      return invalid(InvalidReason.UNSUPPORTED_ALGORITHM);
    }
    AlgorithmParameter algorithm = parsed.get();
    boolean withQop = c.qop() != null && !c.qop().isEmpty();
    long nc = 0;
    if (withQop) {
      if (!c.qop().equalsIgnoreCase("auth")) {
        return invalid(c.qop().equalsIgnoreCase("auth-int") ? InvalidReason.UNSUPPORTED_QOP : InvalidReason.MALFORMED);
      }
      nc = parseNonceCount(c.nc());
      if (nc <= 0 || c.cnonce() == null || c.cnonce().isEmpty()) {
        return invalid(InvalidReason.MALFORMED);
      }
    }
    if (algorithm.session() && (c.cnonce() == null || c.cnonce().isEmpty())) {
      return invalid(InvalidReason.MALFORMED);
    }
    if (!sameUri.test(c.uri(), requestUri)) {
      return invalid(InvalidReason.URI_MISMATCH);
    }
    NonceStatus nonce = nonces.verify(c.nonce(), expectedRealm);
    if (nonce == NonceStatus.INVALID) {
      return invalid(InvalidReason.BAD_NONCE);
    }
    if (counts.isSpent(c.nonce())) {
      return invalid(InvalidReason.SPENT_NONCE);
    }

    DigestAlgorithm h = algorithm.algorithm();
    Optional<String> stored = lookup.ha1(c.username(), expectedRealm, h);
    String ha1 = stored.orElse(dummyHa1.get(h));
    if (algorithm.session()) {
      ha1 = Ha1.session(h, ha1, c.nonce(), c.cnonce());
    }
    // The qop value enters the hash as the client wrote it, which may differ in case from "auth".
    String expected = withQop
        ? DigestResponse.withQop(h, ha1, c.nonce(), c.nc(), c.cnonce(), c.qop(), method, c.uri())
        : DigestResponse.withoutQop(h, ha1, c.nonce(), method, c.uri());
    boolean right = DigestResponse.matches(expected, c.response());
    if (!right || stored.isEmpty()) {
      counts.spend(c.nonce());
      return invalid(InvalidReason.WRONG_CREDENTIALS);
    }
    if (nonce == NonceStatus.STALE) {
      return AuthResult.STALE;
    }
    if (withQop && !counts.accept(c.nonce(), c.username(), nc, requestKey)) {
      return invalid(InvalidReason.NONCE_REPLAY);
    }
    return new AuthResult.Authenticated(c.username());
  }

  /** nc-value = 8LHEX (RFC 7616 §3.4); upper-case digits are tolerated. Returns -1 if malformed. */
  static long parseNonceCount(String nc) {
    if (nc == null || nc.length() != 8) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      char ch = nc.charAt(i);
      int d;
      if (ch >= '0' && ch <= '9') {
        d = ch - '0';
      } else if (ch >= 'a' && ch <= 'f') {
        d = ch - 'a' + 10;
      } else if (ch >= 'A' && ch <= 'F') {
        d = ch - 'A' + 10;
      } else {
        return -1;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private static AuthResult invalid(InvalidReason reason) {
    return INVALID.get(reason);
  }
}
