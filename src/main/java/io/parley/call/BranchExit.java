package io.parley.call;

import io.parley.proxy.Arrival;
import io.parley.proxy.BranchRouting;
import io.parley.proxy.ForwardedRequest;
import io.parley.proxy.Hop;
import io.parley.proxy.PreprocessedRequest;
import io.parley.proxy.RecordedFlows;
import io.parley.proxy.SipInterface;
import io.parley.proxy.Target;
import io.parley.transaction.Destination;
import io.parley.transaction.Inbound;
import java.util.concurrent.CompletionStage;

/**
 * The one way out of a call entity for a request it forwards, a branch of a proxied request and
 * the ACK of a 2xx alike (RFC 3261 §16.6 items 6–10, §16.7 item 4): the socket Via and
 * Record-Route name and the flow or address it goes to ({@link BranchRouting}), the request
 * written for it, and for a next hop that is a host name, its address resolved off the actor
 * threads (RFC 3263 §4.2).
 */
final class BranchExit {
  private BranchExit() {}

  /** How the request leaves. */
  sealed interface Exit permits Leave, FlowFailed, NoWay {}

  /**
   * Send {@code request} to {@code destination}; a null destination: to the request's hop, a
   * host name, once {@link #resolve resolved}.
   */
  record Leave(ForwardedRequest request, Destination destination) implements Exit {}

  /** The target's flow is gone and it cannot be reached otherwise: 430 (RFC 5626 §5.3). */
  enum FlowFailed implements Exit { INSTANCE }

  /** No socket of this node for the next hop's transport, or no SIP URI to route by. */
  enum NoWay implements Exit { INSTANCE }

  /**
   * Branch {@code index} of {@code request} to {@code target}.
   *
   * @param home the home of the entity that sends it ({@link CallHomes}), named in its branch and
   *     Record-Route
   * @param hash {@link io.parley.proxy.BranchId#requestHash} of the received request
   * @param inbound how the request arrived: for Via's received/rport and a second Record-Route
   */
  static Exit of(CallServices services, String home, PreprocessedRequest request, long hash, Target target, int index,
      Inbound inbound) {
    BranchRouting.Way way = services.routing.wayTo(throughRecordedFlow(services, request, target, inbound), request);
    if (way instanceof BranchRouting.FlowFailed) {
      return FlowFailed.INSTANCE;
    }
    BranchRouting.Send send = (BranchRouting.Send) way;
    if (send.out() == null) {
      return NoWay.INSTANCE;
    }
    ForwardedRequest f;
    try {
      f = services.forwarder.forward(request, home, hash, target, index, send.out(), arrival(inbound));
    } catch (IllegalArgumentException noHop) {
      return NoWay.INSTANCE;
    }
    Hop hop = f.hop();
    return new Leave(f, send.destination() != null ? send.destination()
        : Destination.ofLiteral(hop.transport(), hop.host(), hop.port()));
  }

  /**
   * A request of a dialog whose route set recorded a NATed party's flow, with this proxy the
   * last hop before that party, goes through that flow ({@link RecordedFlows}).
   */
  private static Target throughRecordedFlow(CallServices services, PreprocessedRequest request, Target target,
      Inbound inbound) {
    if (!request.inDialog() || !request.recordRouted() || !request.routes().isEmpty() || inbound == null) {
      return target;
    }
    String flow = services.preprocessing.recordedFlows(request.request()).towards(inbound.flowToken());
    return flow == null ? target : target.through(RecordedFlows.flowToken(flow), RecordedFlows.received(flow));
  }

  /** The address of {@code hop}, a host name: completed on the resolver's thread, never an actor's. */
  static CompletionStage<Destination> resolve(CallServices services, Hop hop) {
    return services.resolver.resolve(hop.transport(), hop.host(), hop.port());
  }

  /** How {@code inbound} arrived: for Via's received/rport and a second Record-Route. */
  private static Arrival arrival(Inbound inbound) {
    SipInterface local = new SipInterface(inbound.transportToken(), inbound.localHost(), inbound.localPort());
    return new Arrival(local, inbound.sourceAddress(), inbound.sourcePort(), inbound.flowToken(),
        inbound.receivedFrom());
  }
}
