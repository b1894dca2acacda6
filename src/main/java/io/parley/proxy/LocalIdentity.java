package io.parley.proxy;

import io.parley.common.ServedDomains;
import io.parley.message.header.Via;
import io.parley.message.uri.SipUri;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Who "this server" is, for the checks a proxy makes on a Request-URI and on Route headers
 * (RFC 3261 §16.4: "a URI that indicates this proxy"): the domains it is responsible for, at any
 * port, and the addresses its sockets are bound to, at their port (5060, or 5061 for sips, where
 * a URI names none; RFC 3261 §19.1.2).
 */
public final class LocalIdentity {
  private final ServedDomains domains;
  private final List<InetSocketAddress> addresses;

  public LocalIdentity(ServedDomains domains, List<InetSocketAddress> addresses) {
    this.domains = domains;
    this.addresses = List.copyOf(addresses);
  }

  /** An identity serving just {@code domains}, as configured. */
  public LocalIdentity(List<String> domains, List<InetSocketAddress> addresses) {
    this(new ServedDomains(domains), addresses);
  }

  /** Whether {@code uri}'s host is one of our domains or addresses. */
  public boolean isLocal(SipUri uri) {
    return domains.contains(uri.host()) || isOwnAddress(uri);
  }

  /**
   * Whether {@code uri}'s host and port are one of the addresses our sockets are bound to (not a
   * domain): the form of the URIs we put in Record-Route (RFC 3261 §16.6 item 4), which a strict
   * router hands back as the Request-URI (§16.4).
   */
  public boolean isOwnAddress(SipUri uri) {
    int port = uri.portOr(uri.isSecure() ? 5061 : 5060);
    for (InetSocketAddress a : addresses) {
      if (a.getPort() == port && uri.hasHostPort(a.getAddress().getHostAddress(), uri.port())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a Via sent-by names one of our sockets (RFC 3261 §16.3 item 4: "a sent-by value that
   * equals a value placed into previous requests by the proxy"). A sent-by without a port means
   * 5060, or 5061 over TLS (RFC 3261 §18.2.2).
   */
  public boolean isOwnSentBy(Via via) {
    int port = via.port() >= 0 ? via.port() : via.isTransport("TLS") ? 5061 : 5060;
    String host = via.host();
    for (InetSocketAddress a : addresses) {
      if (a.getPort() == port && sameAddress(host, a)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameAddress(String host, InetSocketAddress a) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    String bound = a.getAddress().getHostAddress();
    if (h.equalsIgnoreCase(bound)) {
      return true;
    }
    // IPv6 text forms differ (zeros, case): compare through a URI, which compares addresses
    return h.indexOf(':') >= 0 && SipUri.of(h, -1).hasHostPort(bound, -1);
  }

  /** Whether {@code uri} names the server itself: one of ours, without a user part. */
  public boolean isServer(SipUri uri) {
    return !uri.hasUser() && isLocal(uri);
  }

  /** Whether {@code host} (a name or an address, any case) is one of the served domains. */
  /** Whether one of our sockets is bound to {@code port}. */
  public boolean listensOn(int port) {
    for (InetSocketAddress a : addresses) {
      if (a.getPort() == port) {
        return true;
      }
    }
    return false;
  }

  public boolean isServedDomain(String host) {
    return domains.contains(host);
  }
}
