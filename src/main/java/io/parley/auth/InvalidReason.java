package io.parley.auth;

/**
 * Why credentials were refused, for logs and metrics. On the wire every reason looks the same: a
 * new challenge (or 403), so that an unknown user cannot be told from a wrong password (RFC 3665
 * §2.5; the verifier also does the same hashing for both).
 */
public enum InvalidReason {
  /** A required parameter is missing, or nc is not 8 hex digits (RFC 7616 §3.4). */
  MALFORMED("malformed credentials"),
  /** An algorithm this server does not implement (RFC 7616 §3.7). */
  UNSUPPORTED_ALGORITHM("unsupported algorithm"),
  /** {@code auth-int} or an unknown qop; only {@code auth} and no qop are accepted. */
  UNSUPPORTED_QOP("unsupported qop"),
  /** The credentials answer another realm. */
  REALM_MISMATCH("realm mismatch"),
  /** The digest-uri is not the Request-URI (RFC 7616 §3.4.6). */
  URI_MISMATCH("digest-uri does not match the Request-URI"),
  /** The nonce was not issued by this cluster for this realm (RFC 7616 §3.3). */
  BAD_NONCE("bad nonce"),
  /**
   * The nonce was spent by a response that did not verify ({@link NonceCountTracker#spend}): each
   * guess must fetch a fresh challenge, a round trip.
   */
  SPENT_NONCE("nonce spent by a failed attempt"),
  /** The nonce count was used before with this nonce (RFC 7616 §3.4). */
  NONCE_REPLAY("nonce count replayed"),
  /** The response does not match: a wrong password or an unknown user, deliberately one reason. */
  WRONG_CREDENTIALS("wrong credentials");

  private final String description;
  private final String token;

  InvalidReason(String description) {
    this.description = description;
    this.token = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** A short phrase for logs. */
  public String description() {
    return description;
  }

  /** The reason as one word of a log line: {@code wrong-credentials}. */
  public String token() {
    return token;
  }
}
