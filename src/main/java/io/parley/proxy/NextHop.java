package io.parley.proxy;

import io.parley.message.header.NameAddr;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import java.util.List;
import java.util.Locale;

/**
 * The next hop of a forwarded request (RFC 3261 §16.6 item 7, RFC 3263 §4 without NAPTR and SRV:
 * the caller resolves A/AAAA): the URI of the topmost Route if there is one, else the target.
 *
 * <ul>
 *   <li>transport: the {@code transport} parameter (RFC 3263 §4.1), else UDP for {@code sip}
 *       and TLS for {@code sips} (RFC 3263 §4.1: "TLS if sips"); a {@code sips} URI never goes
 *       over plain TCP or WS, it uses TLS or WSS;
 *   <li>host: the {@code maddr} parameter wins over the host part (RFC 3261 §19.1.1);
 *   <li>port: the URI's, else 5060, or 5061 for TLS and WSS (RFC 3261 §19.1.2, RFC 3263 §4.2).
 * </ul>
 */
public final class NextHop {
  private NextHop() {}

  /**
   * The hop for {@code target} with the route set {@code routes} (topmost first), as left by
   * {@link RoutePreprocessing}.
   *
   * @throws IllegalArgumentException when the URI to route by is not a SIP or SIPS URI (a tel
   *     URI needs a dialplan first)
   */
  public static Hop of(Uri target, List<NameAddr> routes) {
    return of(routes.isEmpty() ? target : routes.get(0).uri());
  }

  /** The hop that the URI {@code uri} names. */
  public static Hop of(Uri uri) {
    if (!(uri instanceof SipUri sip)) {
      throw new IllegalArgumentException("no SIP URI to route to: " + uri.scheme());
    }
    String transport = transport(sip);
    String maddr = sip.maddr();
    String host = maddr != null && !maddr.isEmpty() ? maddr : sip.host();
    if (host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
      host = host.substring(1, host.length() - 1);
    }
    int port = sip.port() > 0 ? sip.port() : defaultPort(transport);
    return new Hop(transport, host, port);
  }

  private static String transport(SipUri sip) {
    String t = sip.transport();
    String lower = t == null || t.isEmpty() ? (sip.isSecure() ? "tls" : "udp") : t.toLowerCase(Locale.ROOT);
    if (sip.isSecure()) {
      // RFC 3261 §26.2.2: a sips URI is reached over TLS at every hop, whatever the parameter
      return lower.equals("ws") || lower.equals("wss") ? "wss" : "tls";
    }
    return lower;
  }

  private static int defaultPort(String transport) {
    return transport.equals("tls") || transport.equals("wss") ? 5061 : 5060;
  }
}
