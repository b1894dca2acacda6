package io.parley.transport;

import java.util.Locale;

/**
 * The transports a SIP message travels over, as named in the Via header's sent-protocol.
 *
 * <p>UDP, TCP and TLS are RFC 3261 §18 and §20.42; WS and WSS are RFC 7118 §5.
 */
public enum Transport {
  UDP(false, false, 5060),
  TCP(true, false, 5060),
  TLS(true, true, 5061),
  WS(true, false, 80),
  WSS(true, true, 443);

  private final boolean reliable;
  private final boolean secure;
  private final int defaultPort;
  private final String lowerName;

  Transport(boolean reliable, boolean secure, int defaultPort) {
    this.reliable = reliable;
    this.secure = secure;
    this.defaultPort = defaultPort;
    this.lowerName = name().toLowerCase(Locale.ROOT);
  }

  /** The transport token of a Via header's sent-protocol, e.g. {@code UDP} (RFC 3261 §20.42). */
  public String viaToken() {
    return name();
  }

  /**
   * Whether the transport delivers reliably, in order: a reliable transport needs no
   * retransmissions (RFC 3261 §17.1.1.2: Timer A is not started).
   */
  public boolean isReliable() {
    return reliable;
  }

  /** Whether the transport is encrypted: a SIPS URI may only be reached over one (RFC 3261 §26.2). */
  public boolean isSecure() {
    return secure;
  }

  /**
   * The port used when a URI names none: 5060, and 5061 for TLS (RFC 3261 §19.1.2); 80 and 443
   * for WebSocket (RFC 6455 §3).
   */
  public int defaultPort() {
    return defaultPort;
  }

  /** The lower-case name, as used in listen points ({@code udp:…}) and flow ids. */
  public String lowerName() {
    return lowerName;
  }

  /**
   * The transport of a case-insensitive name such as {@code udp} or {@code TCP}.
   *
   * @throws IllegalArgumentException if the name is none of UDP, TCP, TLS, WS, WSS
   */
  public static Transport parse(String name) {
    if (name != null) {
      for (Transport t : values()) {
        if (t.name().equalsIgnoreCase(name)) {
          return t;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown transport \"" + name + "\": expected one of udp, tcp, tls, ws, wss");
  }
}
