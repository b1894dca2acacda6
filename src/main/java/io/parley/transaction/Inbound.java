package io.parley.transaction;

import io.parley.message.SipMessage;
import io.parley.transport.Flow;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A message as it arrived: parsed and validated at the edge, with the flow it came on. Whoever
 * answers it answers through that flow (RFC 3261 §18.2.2; DESIGN.md: responses leave through the
 * flow their request came on).
 */
public record Inbound(SipMessage message, Flow flow) {

  /** Whether the transport retransmits for us (RFC 3261 §17.1.1.2: no timers A, E, G then). */
  public boolean reliable() {
    return flow.transport().isReliable();
  }

  /** The transport it came over, as Via names it ("UDP", "TCP", …). */
  public String transportToken() {
    return flow.transport().viaToken();
  }

  /** The source address, as Via's received parameter takes it (RFC 3261 §18.2.1). */
  public String sourceAddress() {
    return flow.remote().getAddress().getHostAddress();
  }

  /** The source address, for access rules (trusted peers, RFC 3261 §26.1 threats). */
  public InetAddress source() {
    return flow.remote().getAddress();
  }

  public int sourcePort() {
    return flow.remote().getPort();
  }

  /** The flow it came on, in the text form the location service stores ({@code FlowId}). */
  public String flowToken() {
    return flow.id().toString();
  }

  /** Where it came from, {@code "udp:1.2.3.4:5060"}: a binding's received source. */
  public String receivedFrom() {
    return flow.transport().lowerName() + ':' + sourceAddress() + ':' + sourcePort();
  }

  /**
   * Reads back what {@link #receivedFrom()} wrote: the address part, as a literal (never looked
   * up), or null when {@code received} is null or not of that form.
   */
  public static InetSocketAddress parseReceived(String received) {
    if (received == null) {
      return null;
    }
    int first = received.indexOf(':');
    int last = received.lastIndexOf(':');
    if (first < 0 || last <= first + 1 || last == received.length() - 1) {
      return null;
    }
    Destination d;
    try {
      d = Destination.ofLiteral("udp", received.substring(first + 1, last),
          Integer.parseInt(received.substring(last + 1)));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return d == null ? null : d.address();
  }

  /** The local address it arrived at: the socket Via and Record-Route name on the way back. */
  public String localHost() {
    return flow.local().getAddress().getHostAddress();
  }

  public int localPort() {
    return flow.local().getPort();
  }
}
