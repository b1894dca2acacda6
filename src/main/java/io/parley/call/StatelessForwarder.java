package io.parley.call;

import io.parley.message.SipRequest;
import io.parley.proxy.BranchId;
import io.parley.proxy.PreprocessedRequest;
import io.parley.proxy.ProxyAuthorizer;
import io.parley.proxy.TargetResolver;
import io.parley.transaction.Destination;
import io.parley.transaction.Inbound;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests that are routed without a transaction: the ACK for a 2xx (RFC 3261 §16.7 item 4,
 * §16.11), which is a transaction of its own end to end and gets no response. It is forwarded
 * only as {@link ProxyAuthorizer} allows an ACK: along a route set this proxy recorded. It leaves
 * the way a branch does ({@link BranchExit}): through a registered contact's flow or Path, and to
 * a next hop that is a host name once that is resolved, off the actor thread.
 */
final class StatelessForwarder {
  private static final Logger log = LoggerFactory.getLogger(StatelessForwarder.class);

  private final CallServices services;
  private final Executor executor;
  private final String home;

  /**
   * @param home the home of the entity that forwards ({@link CallHomes})
   * @param executor where a resolved host name's send runs (not the resolver's own thread)
   */
  StatelessForwarder(CallServices services, String home, Executor executor) {
    this.services = services;
    this.home = home;
    this.executor = executor;
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
    if (!(BranchExit.of(services, home, pre, BranchId.requestHash(request), t.targets().get(0), 0, inbound)
        instanceof BranchExit.Leave leave)) {
      return; // no way to the target: an ACK gets no error either
    }
    byte[] bytes = leave.request().bytes();
    if (leave.destination() != null) {
      send(leave.destination(), bytes);
      return;
    }
    // nothing waits for the answer: the entity may passivate meanwhile, the ACK still leaves
    BranchExit.resolve(services, leave.request().hop()).whenCompleteAsync((d, failure) -> {
      if (failure != null) {
        log.debug("ACK for {} dropped: {} did not resolve", request.routing().callId(), leave.request().hop().host());
      } else {
        send(d, bytes);
      }
    }, executor);
  }

  private void send(Destination d, byte[] bytes) {
    if (d.isRoutable()) {
      services.port.send(d, bytes);
    }
  }
}
