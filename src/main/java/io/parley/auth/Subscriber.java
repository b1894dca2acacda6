package io.parley.auth;

import java.time.Duration;
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
 * @param maxCallDuration how long a call it makes or takes may last, whole seconds from
 *     {@link #MIN_CALL_DURATION} to {@link #MAX_CALL_DURATION}; {@code null} for the node's
 *     {@code parley.dialog.max-duration}
 */
public record Subscriber(SubscriberId id, String ha1Md5, String ha1Sha256, String ha1Sha512_256, Instant createdAt,
    Duration maxCallDuration) {
  /** The shortest own max call duration, as for {@code parley.dialog.max-duration}. */
  public static final Duration MIN_CALL_DURATION = Duration.ofSeconds(1);
  /** The longest own max call duration, as for {@code parley.dialog.max-duration}. */
  public static final Duration MAX_CALL_DURATION = Duration.ofDays(7);

  public Subscriber {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ha1Md5, "ha1Md5");
    Objects.requireNonNull(createdAt, "createdAt");
    requireCallDuration(maxCallDuration);
  }

  /** A subscriber with the node's default max call duration. */
  public Subscriber(SubscriberId id, String ha1Md5, String ha1Sha256, String ha1Sha512_256, Instant createdAt) {
    this(id, ha1Md5, ha1Sha256, ha1Sha512_256, createdAt, null);
  }

  /** This subscriber with another own max call duration ({@code null}: the node's default). */
  public Subscriber withMaxCallDuration(Duration max) {
    return new Subscriber(id, ha1Md5, ha1Sha256, ha1Sha512_256, createdAt, max);
  }

  /**
   * Checks an own max call duration: null, or whole seconds from {@link #MIN_CALL_DURATION} to
   * {@link #MAX_CALL_DURATION}, which the table stores.
   *
   * @throws IllegalArgumentException saying which rule it breaks
   */
  public static Duration requireCallDuration(Duration max) {
    if (max == null) {
      return null;
    }
    if (max.compareTo(MIN_CALL_DURATION) < 0 || max.compareTo(MAX_CALL_DURATION) > 0) {
      throw new IllegalArgumentException("the max call duration must be from 1s to 7d, was " + max.toSeconds() + "s");
    }
    if (max.getNano() != 0) {
      throw new IllegalArgumentException("the max call duration must be whole seconds, was " + max);
    }
    return max;
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
    return "Subscriber[" + id + ", createdAt=" + createdAt
        + (maxCallDuration == null ? "" : ", maxCallDuration=" + maxCallDuration) + "]";
  }
}
