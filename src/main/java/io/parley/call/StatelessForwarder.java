package io.parley.call;

import io.parley.message.SipRequest;
import io.parley.proxy.Arrival;
import io.parley.proxy.BranchId;
import io.parley.proxy.ForwardedRequest;
import io.parley.proxy.NextHop;
import io.parley.proxy.PreprocessedRequest;
import io.parley.proxy.ProxyAuthorizer;
import io.parley.proxy.SipInterface;
import io.parley.proxy.Target;
import io.parley.proxy.TargetResolver;
import io.parley.transaction.Destination;
import io.parley.transaction.Inbound;

/**
 * Requests that are routed without a transaction: the ACK for a 2xx (RFC 3261 §16.7 item 4,
 * §16.11), which is a transaction of its own end to end and gets no response. It is forwarded
 * only as {@link ProxyAuthorizer} allows an ACK: along a route set this proxy recorded.
 */
final class StatelessForwarder {
  private final CallServices services;

  StatelessForwarder(CallServices services) {
    this.services = services;
  }

  void forward(Inbound inbound, SipRequest request) {
    // an ACK follows a route set of ours, or goes to one of our users, or nowhere: forged ones
    // would make this proxy a relay, and an ACK is never answered (RFC 3261 §17)
    if (!(services.authorizer.authorize(services.preprocessing.apply(request), inbound.source())
        instanceof ProxyAuthorizer.Forward allowed)) {
      return;
    }
    PreprocessedRequest pre = allowed.request(); // without the INVITE's credentials (RFC 3261 §13.2.2.4)
    if (!(services.targets.resolve(pre) instanceof TargetResolver.Targets t) || t.targets().isEmpty()) {
      return;
    }
    Target target = t.targets().get(0);
    SipInterface out = outgoing(services, target, pre);
    if (out == null) {
      return;
    }
    ForwardedRequest f = services.forwarder.forward(pre, BranchId.requestHash(request), target, 0, out, arrival(inbound));
    Destination d = Destination.ofLiteral(f.hop().transport(), f.hop().host(), f.hop().port());
    if (d != null && d.isRoutable()) {
      services.port.send(d, f.bytes());
    }
  }

  /** The socket a request to {@code target} leaves by, or null when this node has none for it. */
  static SipInterface outgoing(CallServices services, Target target, PreprocessedRequest pre) {
    try {
      return services.interfaceFor(NextHop.of(target.uri(), pre.routes()).transport());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** How {@code inbound} arrived: for Via's received/rport and a second Record-Route. */
  static Arrival arrival(Inbound inbound) {
    SipInterface local = new SipInterface(inbound.transportToken(), inbound.localHost(), inbound.localPort());
    return new Arrival(local, inbound.sourceAddress(), inbound.sourcePort());
  }
}
