package io.parley.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The management server's bearer token (RFC 6750), kept as its SHA-256 only: a request's token
 * is hashed and the two digests compared in constant time, so neither the time of a refusal nor
 * its length says how much of a guess was right.
 */
public final class ManagementToken {
  private final byte[] digest;

  private ManagementToken(byte[] digest) {
    this.digest = digest;
  }

  public static ManagementToken of(String token) {
    return new ManagementToken(sha256(token));
  }

  /** Whether {@code authorization}, an Authorization header's value, is {@code Bearer <this token>}. */
  public boolean accepts(Optional<String> authorization) {
    Optional<String> offered = authorization.flatMap(ManagementToken::bearer);
    // hash something even when nothing was offered, so a missing header costs what a wrong one does
    byte[] candidate = sha256(offered.orElse(""));
    return MessageDigest.isEqual(digest, candidate) && offered.isPresent();
  }

  /** The token of a {@code Bearer} credential (RFC 6750 §2.1: the scheme is case-insensitive). */
  static Optional<String> bearer(String authorization) {
    String v = authorization.strip();
    int space = v.indexOf(' ');
    if (space < 0 || !v.substring(0, space).equalsIgnoreCase("Bearer")) {
      return Optional.empty();
    }
    String token = v.substring(space + 1).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "ManagementToken(hidden)";
  }
}
