package io.parley.auth;

import java.util.Objects;

/** The decision of {@link DigestVerifier} on one request's credentials. */
public sealed interface AuthResult {

  /** No credentials for our realm: challenge (401 or 407, RFC 3261 §22.1). */
  Missing MISSING = new Missing();
  /** Right response to an expired nonce: challenge again with {@code stale=true} (RFC 7616 §3.3). */
  Stale STALE = new Stale();

  /** The client proved it knows {@code username}'s password for the realm. */
  record Authenticated(String username) implements AuthResult {
    public Authenticated {
      Objects.requireNonNull(username, "username");
    }
  }

  /** See {@link #STALE}. */
  record Stale() implements AuthResult {}

  /** See {@link #MISSING}. */
  record Missing() implements AuthResult {}

  /** Refused; the reason is for logs, the wire sees a challenge or 403 whatever it is. */
  record Invalid(InvalidReason reason) implements AuthResult {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
