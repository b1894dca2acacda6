package io.parley.admin;

import io.parley.auth.SubscriberId;
import io.parley.message.uri.PercentEscapes;
import io.parley.message.uri.SipChars;
import java.nio.charset.StandardCharsets;

/**
 * Reads the address of record an operator types, {@code alice@example.com} or
 * {@code sip:alice@example.com}, into a {@link SubscriberId}. The user part must be made of the
 * characters RFC 3261 §25.1 allows in {@code user}, a {@code %} only as the start of an escape;
 * it is then compared as RFC 3261 §19.1.4 says, escapes resolved, so {@code %61lice@example.com}
 * is {@code alice@example.com} (see {@link SubscriberId}); the host part as {@link DomainName}
 * reads it. Whether the domain is served is the caller's question.
 */
public final class AddressOfRecord {
  private AddressOfRecord() {}

  /**
   * The subscriber {@code text} names.
   *
   * @throws IllegalArgumentException with a message fit for the operator if it is no AOR
   */
  public static SubscriberId parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("an address of record is required, like alice@example.com");
    }
    String aor = withoutScheme(text);
    int at = aor.indexOf('@');
    if (at <= 0 || at == aor.length() - 1 || aor.indexOf('@', at + 1) >= 0) {
      throw invalid(text, "it must be user@domain, like alice@example.com");
    }
    String user = aor.substring(0, at);
    String domain = aor.substring(at + 1);
    if (user.length() > SubscriberId.MAX_USERNAME) {
      throw invalid(text, "the user part is longer than " + SubscriberId.MAX_USERNAME + " characters");
    }
    if (domain.length() > SubscriberId.MAX_DOMAIN) {
      throw invalid(text, "the domain is longer than " + SubscriberId.MAX_DOMAIN + " characters");
    }
    byte[] octets = user.getBytes(StandardCharsets.UTF_8);
    if (PercentEscapes.firstInvalid(octets, 0, octets.length, SipChars.USER) >= 0) {
      throw invalid(text, "the user part has a character RFC 3261 does not allow there (escape it as %XX)");
    }
    if (!DomainName.isHost(domain)) {
      throw invalid(text, "the domain is not a host name or address");
    }
    return new SubscriberId(user, domain);
  }

  private static String withoutScheme(String text) {
    if (text.regionMatches(true, 0, "sip:", 0, 4)) {
      return text.substring(4);
    }
    if (text.regionMatches(true, 0, "sips:", 0, 5)) {
      return text.substring(5);
    }
    return text;
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("'" + text + "' is not an address of record: " + why);
  }
}
