package io.parley.admin;

import io.parley.auth.SubscriberId;
import io.parley.message.uri.SipChars;

/**
 * Reads a domain an operator types, {@code example.org}, as the {@code host} of a SIP URI (RFC
 * 3261 §25.1): a host name, an IPv4 address or a bracketed IPv6 reference, at most
 * {@link SubscriberId#MAX_DOMAIN} characters, kept in lower case (RFC 3261 §19.1.4). The same
 * rule holds for the domain part of an {@link AddressOfRecord}.
 */
public final class DomainName {
  private DomainName() {}

  /**
   * {@code text} in lower case.
   *
   * @throws IllegalArgumentException with a message fit for the operator if it is no host
   */
  public static String parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("a domain name is required, like example.org");
    }
    if (text.length() > SubscriberId.MAX_DOMAIN) {
      throw new IllegalArgumentException("'" + abbreviated(text) + "' is not a domain: it is longer than "
          + SubscriberId.MAX_DOMAIN + " characters");
    }
    if (!isHost(text)) {
      throw new IllegalArgumentException("'" + text + "' is not a domain: it is not a host name or address");
    }
    return SubscriberId.normalizeDomain(text);
  }

  /** Whether non-empty {@code host} is made of host-name, IPv4 or bracketed IPv6 characters. */
  static boolean isHost(String host) {
    if (host.charAt(0) == '[') {
      // IPv6 reference (RFC 3261 §25.1): only hex digits, ':' and '.' between the brackets
      if (host.length() < 3 || host.charAt(host.length() - 1) != ']') {
        return false;
      }
      for (int i = 1; i < host.length() - 1; i++) {
        char c = host.charAt(i);
        if (c != ':' && c != '.' && (c > 0x7F || !SipChars.is((byte) c, SipChars.HEX))) {
          return false;
        }
      }
      return true;
    }
    return host.charAt(0) != '.' && host.charAt(0) != '-' && SipChars.allIn(host, SipChars.HOSTNAME);
  }

  private static String abbreviated(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
