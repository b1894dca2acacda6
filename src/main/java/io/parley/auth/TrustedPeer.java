package io.parley.auth;

import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the trusted-peer list (Kamailio's {@code permissions} address table): a network
 * whose requests are not flood-limited, skip proxy authentication and may carry preloaded
 * Routes — a PSTN gateway, another proxy.
 *
 * @param network the network, a single address being a /32 or /128
 * @param description what it is, for the operator ({@code "gw1"}); may be empty, at most
 *     {@value #MAX_DESCRIPTION} characters, no control characters
 * @param source where it comes from: {@code parley.trusted-peers} or the trusted_peer table
 */
public record TrustedPeer(IpNetwork network, String description, Source source) {
  public static final int MAX_DESCRIPTION = 255;

  /** Where an entry comes from. */
  public enum Source {
    CONFIGURATION, DATABASE;

    /** {@code "configuration"} or {@code "database"}, as the management API shows it. */
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public TrustedPeer {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(source, "source");
    description = checkedDescription(description);
  }

  /**
   * {@code text}, or "" for null.
   *
   * @throws IllegalArgumentException with a message for the operator if it is too long or has
   *     control characters (it ends up in logs and a terminal)
   */
  public static String checkedDescription(String text) {
    if (text == null) {
      return "";
    }
    if (text.length() > MAX_DESCRIPTION) {
      throw new IllegalArgumentException("a description has at most " + MAX_DESCRIPTION + " characters");
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a description must not contain control characters");
    }
    return text;
  }
}
