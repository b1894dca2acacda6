package io.parley.auth;

/** What {@link NonceService#verify} found. */
public enum NonceStatus {
  /** Issued by a node holding the shared secret, for this realm, within its lifetime. */
  VALID,
  /**
   * Authentic but older than its lifetime: if the response is right the client knows the
   * password and is answered with {@code stale=true} so it retries without asking its user
   * (RFC 7616 §3.3).
   */
  STALE,
  /** Not one of ours: malformed, tampered, another realm's, another secret's, or from the future. */
  INVALID
}
