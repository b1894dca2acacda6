package io.parley.auth;

/**
 * HA1, the secret half of a Digest response: what the subscriber table stores instead of the
 * password, one value per algorithm because the realm and the hash are both inside it.
 */
public final class Ha1 {
  private Ha1() {}

  /**
   * {@code HA1 = H(username ":" realm ":" password)} (RFC 7616 §3.4.2, RFC 2617 §3.2.2.2). The
   * realm must be the exact string later sent in challenges: Parley challenges with the served
   * domain in lower case.
   */
  public static String compute(DigestAlgorithm algorithm, String username, String realm, String password) {
    return algorithm.hashJoined(username, realm, password);
  }

  /**
   * The {@code -sess} form {@code H(H(username ":" realm ":" password) ":" nonce ":" cnonce)}
   * computed from the stored HA1 (RFC 7616 §3.4.2).
   */
  public static String session(DigestAlgorithm algorithm, String ha1, String nonce, String cnonce) {
    return algorithm.hashJoined(ha1, nonce, cnonce);
  }
}
