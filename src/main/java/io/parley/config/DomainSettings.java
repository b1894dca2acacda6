package io.parley.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;
import java.util.Locale;

/**
 * {@code parley.domains}: the domains this server is responsible for. Host names compare
 * case-insensitively (RFC 3261 §19.1.4), so they are kept in lower case. What a node serves is
 * these and the domain table ({@link io.parley.common.ServedDomains}).
 */
public record DomainSettings(List<String> domains) {

  public static DomainSettings from(Config config) {
    String key = "parley.domains";
    List<String> raw = config.getStringList(key);
    for (String d : raw) {
      if (d.isBlank() || !d.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
        throw new ConfigException.BadValue(key, "'" + d + "' is not a host name or address");
      }
    }
    return new DomainSettings(raw.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList());
  }
}
