package io.parley.auth;

import java.util.Locale;
import java.util.Objects;

/**
 * A subscriber's address of record, {@code username@domain}. The domain is kept in lower case,
 * as host names compare case-insensitively (RFC 3261 §19.1.4); the user name is case-sensitive
 * (RFC 3261 §19.1.4) and kept as given.
 *
 * @param username the user part, 1 to {@value #MAX_USERNAME} characters
 * @param domain the domain, 1 to {@value #MAX_DOMAIN} characters (the column sizes of V2__subscribers.sql)
 */
public record SubscriberId(String username, String domain) {
  public static final int MAX_USERNAME = 128;
  public static final int MAX_DOMAIN = 255;

  public SubscriberId {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(domain, "domain");
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
    return domain.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return username + "@" + domain;
  }
}
