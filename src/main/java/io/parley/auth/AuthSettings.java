package io.parley.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code parley.auth}: the digest settings.
 *
 * @param secret the HMAC key of nonces, at least {@value #MIN_SECRET_LENGTH} characters; empty
 *     when not configured, and then each process draws a random one, which only works for a
 *     single node (a nonce issued by one node must verify on every other, RFC 7616 §3.3)
 * @param nonceLifetime how long a nonce is accepted before it is answered as stale; default
 *     300 s, as Kamailio's {@code nonce_expire}; between 1 s and 1 h
 * @param clockSkew how far in the future a nonce's timestamp may be, to allow for clocks of
 *     cluster nodes that differ slightly; default 5 s; at most the lifetime
 * @param nonceCountEntries the most nonces whose {@code nc} values a node remembers; default
 *     1,000,000 (about 100 MB at worst); at least 1,000
 * @param algorithms the algorithms challenged with, most preferred first (RFC 7616 §3.7, RFC
 *     8760 §2.4); default MD5 alone (reference.conf says which clients fail otherwise); at least
 *     one, no duplicates
 * @param failures what is done about password guessing ({@code parley.auth.failures})
 * @param digestUriCheck which digest-uri a response is accepted for; default the Request-URI or
 *     this server's own URI
 */
public record AuthSettings(String secret, Duration nonceLifetime, Duration clockSkew, int nonceCountEntries,
    List<DigestAlgorithm> algorithms, FailureSettings failures, DigestUriCheck digestUriCheck) {

  public static final int MIN_SECRET_LENGTH = 16;

  public static final AuthSettings DEFAULT = new AuthSettings("", Duration.ofSeconds(300), Duration.ofSeconds(5),
      1_000_000, List.of(DigestAlgorithm.MD5), FailureSettings.DEFAULT, DigestUriCheck.REQUEST_OR_SERVER);

  /** With the default {@link FailureSettings} and digest-uri check. */
  public AuthSettings(String secret, Duration nonceLifetime, Duration clockSkew, int nonceCountEntries,
      List<DigestAlgorithm> algorithms) {
    this(secret, nonceLifetime, clockSkew, nonceCountEntries, algorithms, FailureSettings.DEFAULT,
        DigestUriCheck.REQUEST_OR_SERVER);
  }

  public AuthSettings {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(failures, "failures");
    Objects.requireNonNull(digestUriCheck, "digestUriCheck");
    Objects.requireNonNull(nonceLifetime, "nonceLifetime");
    Objects.requireNonNull(clockSkew, "clockSkew");
    algorithms = List.copyOf(algorithms);
    if (!secret.isEmpty() && secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("the nonce secret must have at least " + MIN_SECRET_LENGTH + " characters");
    }
    if (nonceLifetime.compareTo(Duration.ofSeconds(1)) < 0 || nonceLifetime.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("nonce lifetime must be between 1 s and 1 h, was " + nonceLifetime);
    }
    if (clockSkew.isNegative() || clockSkew.compareTo(nonceLifetime) > 0) {
      throw new IllegalArgumentException("clock skew must be between 0 and the nonce lifetime, was " + clockSkew);
    }
    if (nonceCountEntries < 1_000) {
      throw new IllegalArgumentException("nonce-count entries must be at least 1000, was " + nonceCountEntries);
    }
    if (algorithms.isEmpty() || algorithms.stream().distinct().count() != algorithms.size()) {
      throw new IllegalArgumentException("algorithms must be a non-empty list without duplicates: " + algorithms);
    }
  }

  /** These settings with {@code secret} (e.g. the one stored in the database, {@link StoredSecret}). */
  public AuthSettings withSecret(String secret) {
    return new AuthSettings(secret, nonceLifetime, clockSkew, nonceCountEntries, algorithms, failures, digestUriCheck);
  }

  /** Whether a secret was configured, so nonces verify on every node that shares it. */
  public boolean hasSharedSecret() {
    return !secret.isEmpty();
  }

  /**
   * Reads {@code parley.auth}: {@code secret}, {@code nonce-lifetime}, {@code clock-skew},
   * {@code nonce-count-entries}, {@code algorithms}, {@code check-digest-uri}, {@code failures}
   * ({@link FailureSettings#from}).
   *
   * @throws ConfigException.BadValue naming the key of a value out of range
   */
  public static AuthSettings from(Config config) {
    String path = "parley.auth";
    String secret = config.getString(path + ".secret");
    if (!secret.isEmpty() && secret.length() < MIN_SECRET_LENGTH) {
      // The value itself is never echoed: it is a secret.
      throw new ConfigException.BadValue(path + ".secret", "must have at least " + MIN_SECRET_LENGTH
          + " characters (or be empty for a random per-process secret)");
    }
    List<DigestAlgorithm> algorithms = new ArrayList<>();
    for (String token : config.getStringList(path + ".algorithms")) {
      AlgorithmParameter p = AlgorithmParameter.parse(token)
          .filter(a -> !a.session() && !token.isEmpty())
          .orElseThrow(() -> new ConfigException.BadValue(path + ".algorithms",
              "'" + token + "' is not one of MD5, SHA-256, SHA-512-256"));
      algorithms.add(p.algorithm());
    }
    String check = config.getString(path + ".check-digest-uri");
    DigestUriCheck digestUriCheck = DigestUriCheck.parse(check)
        .orElseThrow(() -> new ConfigException.BadValue(path + ".check-digest-uri",
            "'" + check + "' is not one of request-or-server, request, off"));
    try {
      return new AuthSettings(secret, config.getDuration(path + ".nonce-lifetime"),
          config.getDuration(path + ".clock-skew"), config.getInt(path + ".nonce-count-entries"), algorithms,
          FailureSettings.from(config), digestUriCheck);
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(path, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "AuthSettings[secret=" + (secret.isEmpty() ? "(random)" : "(set)") + ", nonceLifetime=" + nonceLifetime
        + ", clockSkew=" + clockSkew + ", nonceCountEntries=" + nonceCountEntries + ", algorithms=" + algorithms
        + ", failures=" + failures + ", digestUriCheck=" + digestUriCheck.configValue() + "]";
  }
}
