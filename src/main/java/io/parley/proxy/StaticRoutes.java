package io.parley.proxy;

import io.parley.message.uri.CanonicalAor;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The static routing table of {@code parley.routing.static}: a Request-URI's {@code user@host}
 * (or its host alone, for a whole domain) mapped to the URIs a request for it is forked to.
 *
 * <p>Matching follows RFC 3261 §19.1.4 for the two parts it looks at: the user part compares
 * case-sensitively after its escapes are resolved, the host case-insensitively; scheme, port and
 * parameters are ignored. An entry with a user wins over a domain-wide entry. One hash lookup per
 * request, two at most.
 */
public final class StaticRoutes {
  /** The empty table. */
  public static final StaticRoutes NONE = new StaticRoutes(Map.of());

  private final Map<String, List<Target>> table;

  private StaticRoutes(Map<String, List<Target>> table) {
    this.table = table;
  }

  /**
   * A table from {@code match → targets}; each match is a {@code sip:} or {@code sips:} URI with
   * or without a user part. A later entry for the same match replaces an earlier one.
   */
  public static StaticRoutes of(Map<SipUri, List<SipUri>> routes) {
    Map<String, List<Target>> table = new HashMap<>();
    routes.forEach((match, targets) -> {
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("no target for " + match);
      }
      table.put(key(match), targets.stream().map(t -> Target.of(t)).toList());
    });
    return new StaticRoutes(Map.copyOf(table));
  }

  /** The targets for {@code requestUri}, or null when no entry matches it (or it is not SIP). */
  public List<Target> lookup(Uri requestUri) {
    if (!(requestUri instanceof SipUri sip) || table.isEmpty()) {
      return null;
    }
    List<Target> t = sip.hasUser() ? table.get(key(sip)) : null;
    return t != null ? t : table.get(hostKey(sip));
  }

  public boolean isEmpty() {
    return table.isEmpty();
  }

  public int size() {
    return table.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StaticRoutes other && other.table.equals(table);
  }

  @Override
  public int hashCode() {
    return table.hashCode();
  }

  @Override
  public String toString() {
    return "StaticRoutes" + table;
  }

  /**
   * {@code user@host} in the one form of {@link CanonicalAor}: escapes resolved (case kept), the
   * host in lower case. Not the user decoded as text: two octets that are no UTF-8 would both
   * decode to U+FFFD and match each other's entry.
   */
  static String key(SipUri uri) {
    return uri.hasUser() ? CanonicalAor.of(uri) : hostKey(uri);
  }

  /** {@code @host}: a host never holds an {@code @}, so it never equals a {@code user@host} key. */
  private static String hostKey(SipUri uri) {
    return '@' + uri.host().toLowerCase(Locale.ROOT);
  }
}
