package io.parley.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A row of the subscriber table: an address of record and its HA1 per algorithm, never the
 * password (RFC 7616 §3.4.2; the realm inside each HA1 is {@code id.domain()}).
 *
 * @param id the address of record
 * @param ha1Md5 H(username:realm:password) with MD5; required
 * @param ha1Sha256 with SHA-256, or {@code null} if unknown (imported from an MD5-only system)
 * @param ha1Sha512_256 with SHA-512/256, or {@code null} if unknown
 * @param createdAt when it was provisioned
 */
public record Subscriber(SubscriberId id, String ha1Md5, String ha1Sha256, String ha1Sha512_256, Instant createdAt) {

  public Subscriber {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ha1Md5, "ha1Md5");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A subscriber with all three HA1s computed from {@code password}. */
  public static Subscriber withPassword(SubscriberId id, String password, Instant createdAt) {
    Objects.requireNonNull(password, "password");
    if (password.isEmpty()) {
      throw new IllegalArgumentException("the password must not be empty");
    }
    return new Subscriber(id,
        Ha1.compute(DigestAlgorithm.MD5, id.username(), id.domain(), password),
        Ha1.compute(DigestAlgorithm.SHA_256, id.username(), id.domain(), password),
        Ha1.compute(DigestAlgorithm.SHA_512_256, id.username(), id.domain(), password),
        createdAt);
  }

  /** The HA1 for {@code algorithm}, or {@code null} if this subscriber has none. */
  public String ha1(DigestAlgorithm algorithm) {
    return switch (algorithm) {
      case MD5 -> ha1Md5;
      case SHA_256 -> ha1Sha256;
      case SHA_512_256 -> ha1Sha512_256;
    };
  }

  @Override
  public String toString() {
    // HA1 is password-equivalent for its realm: never in a log line.
    return "Subscriber[" + id + ", createdAt=" + createdAt + "]";
  }
}
