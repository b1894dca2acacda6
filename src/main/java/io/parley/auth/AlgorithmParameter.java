package io.parley.auth;

import java.util.Optional;

/**
 * The value of a Digest {@code algorithm} parameter: a hash function and whether it is the
 * {@code -sess} variant, whose HA1 also covers the nonce and cnonce (RFC 7616 §3.4.2).
 *
 * @param algorithm the hash function
 * @param session {@code true} for {@code MD5-sess}, {@code SHA-256-sess}, {@code SHA-512-256-sess}
 */
public record AlgorithmParameter(DigestAlgorithm algorithm, boolean session) {

  /** What an absent {@code algorithm} parameter means: MD5 (RFC 7616 §3.3, RFC 2617 §3.2.1). */
  public static final AlgorithmParameter DEFAULT = new AlgorithmParameter(DigestAlgorithm.MD5, false);

  private static final AlgorithmParameter[] ALL = all();

  private static AlgorithmParameter[] all() {
    DigestAlgorithm[] algorithms = DigestAlgorithm.values();
    AlgorithmParameter[] all = new AlgorithmParameter[algorithms.length * 2];
    for (int i = 0; i < algorithms.length; i++) {
      all[2 * i] = new AlgorithmParameter(algorithms[i], false);
      all[2 * i + 1] = new AlgorithmParameter(algorithms[i], true);
    }
    return all;
  }

  public AlgorithmParameter {
    if (algorithm == null) {
      throw new IllegalArgumentException("algorithm is required");
    }
  }

  /**
   * Parses a token such as {@code SHA-256} or {@code MD5-sess}, ignoring case as clients differ
   * in it. {@code null} or empty means the parameter was absent: {@link #DEFAULT}.
   *
   * @return empty for a token this server does not implement (e.g. {@code SHA-512} or {@code AKAv1-MD5})
   */
  public static Optional<AlgorithmParameter> parse(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.of(DEFAULT);
    }
    for (AlgorithmParameter p : ALL) {
      if (p.token().equalsIgnoreCase(token)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The wire token: {@code MD5}, {@code MD5-sess}, {@code SHA-256}, … */
  public String token() {
    return session ? algorithm.sessionToken() : algorithm.token();
  }
}
