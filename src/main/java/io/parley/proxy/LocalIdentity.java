package io.parley.proxy;

import io.parley.message.uri.SipUri;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who "this server" is, for the checks a proxy makes on a Request-URI and on Route headers
 * (RFC 3261 §16.4: "a URI that indicates this proxy"): the domains it is responsible for, at any
 * port, and the addresses its sockets are bound to, at their port (5060, or 5061 for sips, where
 * a URI names none; RFC 3261 §19.1.2).
 */
public final class LocalIdentity {
  private final Set<String> domains;
  private final List<InetSocketAddress> addresses;

  public LocalIdentity(List<String> domains, List<InetSocketAddress> addresses) {
    this.domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.addresses = List.copyOf(addresses);
  }

  /** Whether {@code uri}'s host is one of our domains or addresses. */
  public boolean isLocal(SipUri uri) {
    if (domains.contains(uri.host().toLowerCase(Locale.ROOT))) {
      return true;
    }
    int port = uri.portOr(uri.isSecure() ? 5061 : 5060);
    for (InetSocketAddress a : addresses) {
      if (a.getPort() == port && uri.hasHostPort(a.getAddress().getHostAddress(), port)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code uri} names the server itself: one of ours, without a user part. */
  public boolean isServer(SipUri uri) {
    return !uri.hasUser() && isLocal(uri);
  }

  /** Whether {@code host} (a name or an address, any case) is one of the served domains. */
  public boolean isServedDomain(String host) {
    return domains.contains(host.toLowerCase(Locale.ROOT));
  }
}
