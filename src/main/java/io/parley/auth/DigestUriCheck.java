package io.parley.auth;

import java.util.Optional;

/**
 * Which digest-uri ({@code uri} parameter of the credentials) a response is accepted for
 * ({@code parley.auth.check-digest-uri}). RFC 7616 §3.4.6 (as RFC 2617 §3.2.2.5 before it) has the
 * server check that the digest-uri names the resource of the Request-URI, so a response computed
 * for one request cannot be lifted onto another; clients do not all sign the Request-URI, though.
 */
public enum DigestUriCheck {
  /**
   * The Request-URI, or a URI naming this server itself: no user part, one of our domains or
   * socket addresses. SIPp signs {@code sip:host:port} of the server it sends to. The default.
   */
  REQUEST_OR_SERVER("request-or-server"),
  /** The Request-URI only, compared as URIs (RFC 3261 §19.1.4): the strict reading of the RFCs. */
  REQUEST("request"),
  /**
   * No check, as Kamailio's and OpenSIPS's auth modules by default. The nonce still binds a
   * response to one use: a nonce count is accepted once, and a failure spends the nonce.
   */
  OFF("off");

  private final String configValue;

  DigestUriCheck(String configValue) {
    this.configValue = configValue;
  }

  /** The value as written in the configuration. */
  public String configValue() {
    return configValue;
  }

  /** The check named {@code value} as in the configuration, case-insensitively. */
  public static Optional<DigestUriCheck> parse(String value) {
    for (DigestUriCheck c : values()) {
      if (c.configValue.equalsIgnoreCase(value.trim())) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
