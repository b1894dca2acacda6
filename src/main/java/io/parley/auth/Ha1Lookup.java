package io.parley.auth;

import java.util.Optional;

/**
 * Finds a subscriber's stored HA1 (RFC 7616 §3.4.2). Called on the request path, so it must
 * answer from memory ({@link SubscriberCache}), never from the database.
 */
@FunctionalInterface
public interface Ha1Lookup {

  /**
   * @param username the user name of the credentials
   * @param realm the realm, which is the subscriber's domain
   * @return the lowercase hex HA1 for {@code algorithm}, or empty for an unknown user (or one
   *     without an HA1 for that algorithm)
   */
  Optional<String> ha1(String username, String realm, DigestAlgorithm algorithm);
}
