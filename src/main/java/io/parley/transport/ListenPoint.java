package io.parley.transport;

import java.net.InetSocketAddress;

/**
 * One address a node listens on for SIP: a transport, a host and a port, written like
 * Kamailio's {@code listen} parameter: {@code udp:127.0.0.1:5060}, {@code tcp:0.0.0.0:5060},
 * {@code udp:[::1]:5060}.
 *
 * <p>Port 0 asks for an ephemeral port; {@link TransportLayer#boundAddresses(Transport)} tells
 * which one was bound. A missing port means the transport's default port (5060, or 5061 for
 * TLS, RFC 3261 §19.1.2).
 *
 * @param transport the transport to listen with
 * @param host an IP literal (IPv6 without brackets) or a host name, resolved when binding
 * @param port 0–65535
 */
public record ListenPoint(Transport transport, String host, int port) {

  public ListenPoint {
    if (transport == null) {
      throw new IllegalArgumentException("listen point without a transport");
    }
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("listen point without a host");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("listen point port out of range 0-65535: " + port);
    }
  }

  /**
   * Reads {@code transport:host[:port]}, where an IPv6 host is written in brackets
   * ({@code udp:[::1]:5060}, as in a SIP URI, RFC 3261 §25.1).
   *
   * @throws IllegalArgumentException quoting the value when it is not of that form
   */
  public static ListenPoint parse(String value) {
    if (value == null) {
      throw new IllegalArgumentException("listen point is missing");
    }
    int colon = value.indexOf(':');
    if (colon <= 0) {
      throw malformed(value, "expected transport:host:port");
    }
    Transport transport;
    try {
      transport = Transport.parse(value.substring(0, colon).trim());
    } catch (IllegalArgumentException e) {
      throw malformed(value, "unknown transport, expected udp, tcp, tls, ws or wss");
    }
    String rest = value.substring(colon + 1).trim();
    String host;
    String portText;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw malformed(value, "IPv6 address without its closing bracket");
      }
      host = rest.substring(1, close);
      if (host.indexOf(':') < 0 || !isIpv6Text(host)) {
        throw malformed(value, "not an IPv6 address in brackets");
      }
      String after = rest.substring(close + 1);
      if (after.isEmpty()) {
        portText = null;
      } else if (after.charAt(0) == ':') {
        portText = after.substring(1);
      } else {
        throw malformed(value, "expected :port after the IPv6 address");
      }
    } else {
      int portColon = rest.indexOf(':');
      if (portColon >= 0 && rest.indexOf(':', portColon + 1) >= 0) {
        throw malformed(value, "an IPv6 address must be written in brackets");
      }
      host = portColon < 0 ? rest : rest.substring(0, portColon);
      portText = portColon < 0 ? null : rest.substring(portColon + 1);
      if (!isHostText(host)) {
        throw malformed(value, "not a host name or IPv4 address");
      }
    }
    int port = portText == null ? transport.defaultPort() : parsePort(value, portText);
    return new ListenPoint(transport, host, port);
  }

  /** The socket address to bind; the host name is resolved here. */
  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port);
  }

  /** Whether the host is an IPv6 literal. */
  public boolean isIpv6() {
    return host.indexOf(':') >= 0;
  }

  /** The form {@link #parse} reads: {@code udp:127.0.0.1:5060}, {@code udp:[::1]:5060}. */
  @Override
  public String toString() {
    return transport.lowerName() + ':' + (isIpv6() ? "[" + host + "]" : host) + ':' + port;
  }

  private static int parsePort(String value, String text) {
    if (text.isEmpty() || text.length() > 5) {
      throw malformed(value, "port must be a number 0-65535");
    }
    int port = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw malformed(value, "port must be a number 0-65535");
      }
      port = port * 10 + (c - '0');
    }
    if (port > 65535) {
      throw malformed(value, "port must be a number 0-65535");
    }
    return port;
  }

  private static boolean isHostText(String host) {
    if (host.isEmpty()) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || c == '.' || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Hex digits, colons, dots (an embedded IPv4 part) and a {@code %zone}. */
  private static boolean isIpv6Text(String host) {
    int zone = host.indexOf('%');
    String address = zone < 0 ? host : host.substring(0, zone);
    if (address.isEmpty() || (zone >= 0 && zone == host.length() - 1)) {
      return false;
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
              || c == ':' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException malformed(String value, String why) {
    return new IllegalArgumentException("malformed listen point \"" + value + "\": " + why);
  }
}
