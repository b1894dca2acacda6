package io.parley.auth;

import io.parley.message.uri.CanonicalAor;
import java.util.Objects;

/**
 * A subscriber's address of record, {@code username@domain}, always in the one form every
 * address-of-record has in Parley ({@link CanonicalAor}, RFC 3261 §19.1.4): the user name with
 * its escapes resolved and only what must be escaped escaped again, case kept
 * ({@code %61lice} is {@code alice}, {@code Alice} is another user); the domain in lower case.
 * So two spellings of one AOR are one row, one cache key and one HA1 user name.
 *
 * @param username the user part, 1 to {@value #MAX_USERNAME} characters in canonical form
 * @param domain the domain, 1 to {@value #MAX_DOMAIN} characters (the column sizes of V2__subscribers.sql)
 */
public record SubscriberId(String username, String domain) {
  public static final int MAX_USERNAME = 128;
  public static final int MAX_DOMAIN = 255;

  public SubscriberId {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(domain, "domain");
    username = normalizeUsername(username);
    if (username.isEmpty() || username.length() > MAX_USERNAME) {
      throw new IllegalArgumentException("a user name has 1 to " + MAX_USERNAME + " characters");
    }
    if (domain.isEmpty() || domain.length() > MAX_DOMAIN) {
      throw new IllegalArgumentException("a domain has 1 to " + MAX_DOMAIN + " characters");
    }
    domain = normalizeDomain(domain);
  }

  /** A domain as stored and looked up: in lower case (RFC 3261 §19.1.4). */
  public static String normalizeDomain(String domain) {
    // Returns the same instance when nothing changes, so the hot path does not allocate.
    return CanonicalAor.host(domain);
  }

  /**
   * A user name as stored and looked up, whether written in a URI, typed by an operator or sent
   * as a digest {@code username}: {@link CanonicalAor#user(String)}. Returns the same instance
   * for a plain user name.
   */
  public static String normalizeUsername(String username) {
    return CanonicalAor.user(username);
  }

  @Override
  public String toString() {
    return username + "@" + domain;
  }
}
