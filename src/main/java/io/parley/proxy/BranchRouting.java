package io.parley.proxy;

import io.parley.message.header.NameAddr;
import io.parley.transaction.Destination;
import io.parley.transaction.SipPort;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * How a branch to one target leaves this node: which socket Via and Record-Route name, and where
 * the request is sent (RFC 3261 §16.6 items 6–8; DESIGN.md, Flows). For a registered contact:
 *
 * <ol>
 *   <li>with a Path (RFC 3327 §5.3): to the first Path URI, like any pre-loaded route; the flow
 *       the REGISTER came on leads to the edge proxy, which keeps the UA's own flow;
 *   <li>over a connection (TCP): through the connection its REGISTER came on while it is open
 *       (RFC 5626 §5.3), which is the only way to a UA behind a NAT that does not listen; when
 *       it has closed, an RFC 5626 binding fails with 430 Flow Failed (RFC 5626 §5.3, §7: the
 *       UA's other flows are its way in, and a new connection to the contact could not reach
 *       it), any other binding is reached at its contact URI;
 *   <li>over UDP from behind a NAT, as {@code parley.nat.detect} judged its REGISTER (RFC 3581):
 *       to the address the REGISTER came from, through the socket it came in on (Kamailio's
 *       {@code fix_nated_register}; RFC 5626 §5.3); when another node holds that socket, from
 *       this node's own. A binding stored before the tests were is taken as behind a NAT when its
 *       contact names an IP address other than its source, until its next refresh;
 *   <li>otherwise: to the contact URI.
 * </ol>
 *
 * <p>One per node; thread-safe (immutable).
 */
public final class BranchRouting {
  private final SipPort port;

  public BranchRouting(SipPort port) {
    this.port = port;
  }

  /** How a branch leaves. */
  public sealed interface Way permits Send, FlowFailed {}

  /**
   * Send the branch from {@code out}.
   *
   * @param out the socket Via and Record-Route name; null when this node has none for the
   *     transport (a transport error)
   * @param destination where to send; null for the forwarded request's next hop ({@link
   *     ForwardedRequest#hop()}), resolved if it is a name
   */
  public record Send(SipInterface out, Destination destination) implements Way {}

  /** The binding's flow is gone and the contact cannot be reached otherwise: 430 (RFC 5626 §5.3). */
  public record FlowFailed() implements Way {
    public static final FlowFailed INSTANCE = new FlowFailed();
  }

  /** How a branch of {@code request} to {@code target} leaves. */
  public Way wayTo(Target target, PreprocessedRequest request) {
    List<NameAddr> routes = RequestForwarder.routesFor(request, target);
    Hop hop;
    try {
      hop = NextHop.of(target.uri(), routes);
    } catch (IllegalArgumentException noSipUri) {
      return new Send(null, null);
    }
    if (target.flowToken() == null || !routes.isEmpty()) {
      return direct(hop);
    }
    Destination flow = port.throughFlow(target.flowToken(), target.received());
    if (flow != null && flow.isReliable()) {
      return new Send(interfaceFor(flow.transportName()), flow);
    }
    Destination udp = flow != null ? flow : port.udpPeer(target.flowToken(), target.received());
    if (udp != null) {
      boolean behindNat = target.behindNat() != null ? target.behindNat() : wasNated(hop, udp.address());
      return behindNat ? new Send(interfaceFor("udp"), udp) : direct(hop);
    }
    return target.outbound() ? FlowFailed.INSTANCE : direct(hop);
  }

  private Send direct(Hop hop) {
    return new Send(interfaceFor(hop.transport()), null);
  }

  /**
   * The rule before {@code parley.nat.detect}, for bindings stored before it: a UDP contact sits
   * behind a NAT when it names an IP address other than the one its REGISTER came from.
   */
  private static boolean wasNated(Hop hop, InetSocketAddress source) {
    if (!hop.transport().equals("udp")) {
      return false;
    }
    Destination literal = Destination.ofLiteral("udp", hop.host(), hop.port());
    return literal != null && !literal.address().getAddress().equals(source.getAddress());
  }

  /** The socket this node sends {@code transport} from, as Via names it; null if it has none. */
  SipInterface interfaceFor(String transport) {
    InetSocketAddress a = port.interfaceFor(transport);
    return a == null ? null : new SipInterface(transport, a.getAddress().getHostAddress(), a.getPort());
  }
}
