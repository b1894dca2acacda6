package io.parley.proxy;

import java.util.Locale;
import java.util.Objects;

/**
 * A socket of this node as other elements reach it: the transport, and the host and port that
 * Via and Record-Route name (DESIGN.md: they always name the node that actually sends and
 * receives; RFC 3261 §16.6 items 4 and 8). The host is the address or name to advertise, which
 * behind a NAT may differ from the bound address.
 *
 * @param transport lower case: udp, tcp, tls, ws, wss, sctp
 * @param host an IPv4 address, a host name, or an IPv6 address with or without brackets
 * @param port 1..65535
 */
public record SipInterface(String transport, String host, int port) {
  public SipInterface {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(host, "host");
    transport = transport.toLowerCase(Locale.ROOT);
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** {@code host:port} with brackets around an IPv6 address: a Via sent-by, a URI hostport. */
  public String hostPort() {
    return host + ':' + port;
  }

  /** Whether this is a TLS or WSS socket, which sips URIs need (RFC 3261 §26.2.2). */
  public boolean isSecure() {
    return transport.equals("tls") || transport.equals("wss");
  }

  /**
   * The URI of a Record-Route value naming this socket (RFC 3261 §16.6 item 4): {@code
   * sip:host:port;transport=t;lr}, or {@code sips:host:port;lr} (plus {@code transport=wss}
   * for WSS) when the dialog is secure (RFC 3261 §16.6 item 4: "MUST be a SIPS URI"), each
   * with the dialog's {@link RouteToken}.
   */
  String recordRouteUri(boolean sips, String token, RecordedFlows flows) {
    String proof = ";" + RouteToken.PARAM + "=" + token + flows.params();
    if (sips) {
      return (transport.equals("wss") ? "sips:" + hostPort() + ";transport=wss;lr" : "sips:" + hostPort() + ";lr")
          + proof;
    }
    return "sip:" + hostPort() + ";transport=" + transport + ";lr" + proof;
  }
}
