package io.parley.call;

import io.parley.message.Method;
import io.parley.message.ResponseFactory;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.message.uri.SipUri;
import io.parley.proxy.Arrival;
import io.parley.proxy.BranchId;
import io.parley.proxy.BranchRouting;
import io.parley.proxy.CancelFactory;
import io.parley.proxy.ForwardedRequest;
import io.parley.proxy.NonSuccessAckFactory;
import io.parley.proxy.ProxyAction;
import io.parley.proxy.RequestValidation;
import io.parley.proxy.ResponseContext;
import io.parley.proxy.SipInterface;
import io.parley.proxy.Target;
import io.parley.proxy.TargetResolver;
import io.parley.registrar.Registrar;
import io.parley.transaction.ClientInviteTransaction;
import io.parley.transaction.ClientNonInviteTransaction;
import io.parley.transaction.Destination;
import io.parley.transaction.Inbound;
import io.parley.transaction.Packet;
import io.parley.transaction.ServerInviteTransaction;
import io.parley.transaction.ServerNonInviteTransaction;
import io.parley.transaction.TransactionActor;
import io.parley.transaction.TransactionKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Everything of one Call-ID, sharded by it (DESIGN.md, Actors): every request and response of
 * the call comes here. Each transaction is a child actor wrapping its RFC 3261 §17 machine; each
 * proxied request has a {@link ResponseContext} (RFC 3261 §16.7). The entity passivates when its
 * last transaction has ended, so a finished call leaves nothing behind.
 */
public final class CallEntity extends AbstractBehavior<CallEntity.Command> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Call");

  public sealed interface Command {}

  /** A request of this call arrived, parsed and validated at the edge. */
  public record RequestReceived(Inbound inbound) implements Command {}

  /** A response of this call arrived whose top Via is ours (RFC 3261 §18.1.2). */
  public record ResponseReceived(Inbound inbound) implements Command {}

  /** Sent by sharding to stop a passivating entity. */
  public enum Stop implements Command { INSTANCE }

  record ServerTransactionEnded(String key, TransactionActor.Event event) implements Command {}

  record ClientTransactionEvent(String key, TransactionActor.Event event) implements Command {}

  record ClientResponse(String key, SipResponse response) implements Command {}

  record TimerCFired(String serverKey, int branch) implements Command {}

  record CancelUnanswered(String serverKey, int branch) implements Command {}

  record BranchResolved(String serverKey, int branch, Destination destination, Throwable failure)
      implements Command {}

  /** The registrar's answer to a REGISTER, once the location service has applied it. */
  record RegisterAnswered(ActorRef<TransactionActor.Command<Packet>> server, Registrar.Answer answer)
      implements Command {}

  /** The location service's targets for a proxied request; null resolution: it failed. */
  record LocationFound(String serverKey, TargetResolver.Resolution resolution) implements Command {}

  /** Which branch of which proxied request a client transaction belongs to. */
  private record ClientLink(String serverKey, int branch, boolean cancel) {}

  private final CallServices services;
  private final StatelessForwarder stateless;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final TimerScheduler<Command> timers;
  private final Map<String, ProxiedRequest> servers = new HashMap<>(2);
  private final Map<String, ActorRef<TransactionActor.Command<Packet>>> plainServers = new HashMap<>(1);
  private final Map<String, ClientLink> clients = new HashMap<>(2);
  private final Map<String, ActorRef<TransactionActor.Command<Packet>>> clientRefs = new HashMap<>(2);
  private boolean passivating;

  private CallEntity(ActorContext<Command> context, TimerScheduler<Command> timers,
      CallServices services, ActorRef<ClusterSharding.ShardCommand> shard) {
    super(context);
    this.timers = timers;
    this.services = services;
    this.stateless = new StatelessForwarder(services);
    this.shard = shard;
  }

  public static Behavior<Command> create(CallServices services, ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new CallEntity(context, timers, services, shard)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RequestReceived.class, this::onRequestReceived)
        .onMessage(ResponseReceived.class, this::onResponseReceived)
        .onMessage(ClientResponse.class, this::onClientResponse)
        .onMessage(ClientTransactionEvent.class, this::onClientTransactionEvent)
        .onMessage(ServerTransactionEnded.class, this::onServerTransactionEnded)
        .onMessage(TimerCFired.class, this::onTimerCFired)
        .onMessage(CancelUnanswered.class, this::onCancelUnanswered)
        .onMessage(BranchResolved.class, this::onBranchResolved)
        .onMessage(RegisterAnswered.class, this::onRegisterAnswered)
        .onMessage(LocationFound.class, this::onLocationFound)
        .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
        .build();
  }

  // ---- requests ----

  private Behavior<Command> onRequestReceived(RequestReceived received) {
    passivating = false;
    Inbound inbound = received.inbound();
    SipRequest request = (SipRequest) inbound.message();
    String key = TransactionKeys.server(request);
    ProxiedRequest existing = servers.get(key);
    ActorRef<TransactionActor.Command<Packet>> plain = plainServers.get(key);
    if (request.method() == Method.ACK) {
      if (existing != null) {
        existing.server.tell(new TransactionActor.AckReceived<>(Packet.incoming(request)));
      } else if (plain != null) {
        plain.tell(new TransactionActor.AckReceived<>(Packet.incoming(request)));
      } else {
        stateless.forward(inbound, request); // RFC 3261 §16.7: the ACK for a 2xx
      }
      return this;
    }
    if (existing != null || plain != null) {
      // RFC 3261 §17.2: a retransmission, absorbed by its server transaction
      (existing != null ? existing.server : plain).tell(new TransactionActor.RequestRetransmitted<>());
      return this;
    }
    if (request.method() == Method.CANCEL) {
      onCancel(inbound, request);
      return this;
    }
    RequestValidation.Verdict verdict = services.validation.check(request);
    if (verdict instanceof RequestValidation.Respond respond) {
      answerAlone(key, inbound, respond.status(), respond.response());
      return this;
    }
    if (verdict instanceof RequestValidation.Discard) {
      return this;
    }
    if (request.method() == Method.REGISTER && request.uri() instanceof SipUri uri && services.identity.isServer(uri)) {
      // RFC 3261 §10.3: a REGISTER for one of our domains is ours to process, not to forward
      ActorRef<TransactionActor.Command<Packet>> server = spawnServer(key, inbound);
      plainServers.put(key, server);
      Registrar.Answer now = services.registrar.handle(getContext(), request, inbound.flowToken(),
          inbound.receivedFrom(), answer -> new RegisterAnswered(server, answer));
      if (now != null) {
        server.tell(new TransactionActor.TuResponded<>(now.status(), Packet.outgoing(now.response())));
      }
      return this;
    }
    proxy(key, inbound, request);
    return this;
  }

  /** RFC 3261 §16.4–16.6: route, find the targets, fork. */
  private void proxy(String key, Inbound inbound, SipRequest request) {
    ProxiedRequest proxied = new ProxiedRequest(key, inbound, spawnServer(key, inbound));
    servers.put(key, proxied);
    if (request.method() == Method.INVITE) {
      // RFC 3261 §16.2: a stateful proxy answers an INVITE with 100 at once
      byte[] trying = ResponseFactory.create(request, 100, "Trying");
      proxied.server.tell(new TransactionActor.TuResponded<>(100, Packet.outgoing(trying)));
    }
    proxied.preprocessed = services.preprocessing.apply(request);
    TargetResolver.Resolution resolution = services.targets.resolve(proxied.preprocessed);
    if (resolution instanceof TargetResolver.Lookup lookup) {
      // continues in onLocationFound
      proxied.lookingUp = true;
      services.location.lookup(getContext(), lookup, resolved -> new LocationFound(key, resolved));
      return;
    }
    fork(proxied, resolution);
  }

  /** RFC 3261 §16.5: the bindings of the Request-URI's AOR are the target set. */
  private Behavior<Command> onLocationFound(LocationFound found) {
    ProxiedRequest proxied = servers.get(found.serverKey());
    if (proxied == null || !proxied.lookingUp) {
      return this; // ended, or cancelled, while the location service was asked
    }
    proxied.lookingUp = false;
    if (found.resolution() == null) {
      respond(proxied, 500, "Server Internal Error");
      return this;
    }
    fork(proxied, found.resolution());
    return this;
  }

  /** RFC 3261 §16.6: a branch per target, or the resolution's rejection. */
  private void fork(ProxiedRequest proxied, TargetResolver.Resolution resolution) {
    SipRequest request = proxied.request;
    List<Target> targets;
    if (resolution instanceof TargetResolver.Targets t) {
      targets = t.targets();
    } else if (resolution instanceof TargetResolver.Reject reject) {
      respond(proxied, reject.status(), reject.reason());
      return;
    } else {
      respond(proxied, TargetResolver.NOT_FOUND.status(), TargetResolver.NOT_FOUND.reason());
      return;
    }
    proxied.hash = BranchId.requestHash(request);
    proxied.context = new ResponseContext(request, targets, services.proxy.maxBranches(), services.serverHeader);
    perform(proxied, proxied.context.start());
  }

  private void respond(ProxiedRequest proxied, int status, String reason) {
    ResponseFactory.Response r = ResponseFactory.response(proxied.request, status, reason);
    if (!services.serverHeader.isEmpty()) {
      r.header("Server", services.serverHeader);
    }
    proxied.server.tell(new TransactionActor.TuResponded<>(status, Packet.outgoing(r.build())));
  }

  /** A request answered by the proxy itself, without forwarding (416, 483, 482, 420). */
  private void answerAlone(String key, Inbound inbound, int status, byte[] response) {
    ActorRef<TransactionActor.Command<Packet>> server = spawnServer(key, inbound);
    plainServers.put(key, server);
    server.tell(new TransactionActor.TuResponded<>(status, Packet.outgoing(response)));
  }

  /**
   * RFC 3261 §16.10: the CANCEL is answered hop by hop — 200 while the INVITE's transaction
   * exists, 481 after — and then the pending branches are cancelled. The answer needs no
   * transaction state (a retransmitted CANCEL is simply answered again), and sending it from here
   * puts it on the wire before any 487 the cancelled branches bring back.
   */
  private void onCancel(Inbound inbound, SipRequest cancel) {
    ProxiedRequest invite = servers.get(TransactionKeys.cancelledInvite(cancel));
    if (invite == null) {
      services.port.reply(inbound, ResponseFactory.create(cancel, 481, "Call/Transaction Does Not Exist"));
      return;
    }
    services.port.reply(inbound, ResponseFactory.create(cancel, 200, "OK"));
    if (invite.lookingUp) {
      // RFC 3261 §16.10: no branch was started, so the proxy itself ends the INVITE
      invite.lookingUp = false;
      respond(invite, 487, "Request Terminated");
    } else if (invite.context != null) {
      perform(invite, invite.context.onCancel());
    }
  }

  // ---- the response context's actions ----

  private void perform(ProxiedRequest proxied, List<ProxyAction> actions) {
    for (ProxyAction action : actions) {
      if (action instanceof ProxyAction.StartBranch start) {
        startBranch(proxied, start.branch(), start.target());
      } else if (action instanceof ProxyAction.ForwardResponse forward) {
        proxied.server.tell(new TransactionActor.TuResponded<>(forward.status(), Packet.outgoing(forward.response())));
      } else if (action instanceof ProxyAction.SendFinal send) {
        proxied.server.tell(new TransactionActor.TuResponded<>(send.status(), Packet.outgoing(send.response())));
      } else if (action instanceof ProxyAction.CancelBranch cancel) {
        cancelBranch(proxied, cancel.branch(), cancel.reason());
      }
    }
  }

  private void startBranch(ProxiedRequest proxied, int index, Target target) {
    // RFC 3327 §5.3, RFC 5626 §5.3: a registered contact may be reached by its Path or flow
    BranchRouting.Way way = services.routing.wayTo(target, proxied.preprocessed);
    if (way instanceof BranchRouting.FlowFailed) {
      perform(proxied, proxied.context.onFlowFailed(index));
      return;
    }
    BranchRouting.Send send = (BranchRouting.Send) way;
    SipInterface out = send.out();
    if (out == null) {
      perform(proxied, proxied.context.onTransportError(index));
      return;
    }
    ForwardedRequest f;
    try {
      f = services.forwarder.forward(proxied.preprocessed, proxied.hash, target, index, out, StatelessForwarder.arrival(proxied.inbound));
    } catch (IllegalArgumentException noHop) {
      perform(proxied, proxied.context.onTransportError(index));
      return;
    }
    ProxiedRequest.Branch branch = new ProxiedRequest.Branch(index, f.branch(), f.bytes());
    proxied.branches.put(index, branch);
    Destination d = send.destination() != null ? send.destination()
        : Destination.ofLiteral(f.hop().transport(), f.hop().host(), f.hop().port());
    if (d != null) {
      send(proxied, branch, d);
    } else {
      getContext().pipeToSelf(services.resolver.resolve(f.hop().transport(), f.hop().host(), f.hop().port()),
          (dest, failure) -> new BranchResolved(proxied.key, index, dest, failure));
    }
  }

  private Behavior<Command> onRegisterAnswered(RegisterAnswered answered) {
    Registrar.Answer a = answered.answer();
    answered.server().tell(new TransactionActor.TuResponded<>(a.status(), Packet.outgoing(a.response())));
    return this;
  }

  private Behavior<Command> onBranchResolved(BranchResolved resolved) {
    ProxiedRequest proxied = servers.get(resolved.serverKey());
    ProxiedRequest.Branch branch = proxied == null ? null : proxied.branches.get(resolved.branch());
    if (branch == null) {
      return this;
    }
    if (resolved.failure() != null) {
      perform(proxied, proxied.context.onTransportError(resolved.branch()));
    } else {
      send(proxied, branch, resolved.destination());
    }
    return this;
  }

  private void send(ProxiedRequest proxied, ProxiedRequest.Branch branch, Destination d) {
    if (!d.isRoutable()) {
      perform(proxied, proxied.context.onTransportError(branch.index));
      return;
    }
    branch.destination = d;
    Method method = proxied.request.method();
    String clientKey = TransactionKeys.client(branch.branchId, method);
    clients.put(clientKey, new ClientLink(proxied.key, branch.index, false));
    Behavior<TransactionActor.Command<Packet>> behavior = Transactions.client(services, branch.bytes, method, d,
        clientKey, getContext().getSelf(), event -> new ClientTransactionEvent(clientKey, event));
    branch.client = getContext().spawnAnonymous(behavior);
    clientRefs.put(clientKey, branch.client);
    if (method == Method.INVITE) {
      timers.startSingleTimer(new TimerCKey(proxied.key, branch.index),
          new TimerCFired(proxied.key, branch.index), services.proxy.branchTimeout());
    }
  }

  private void cancelBranch(ProxiedRequest proxied, int index, String reason) {
    ProxiedRequest.Branch branch = proxied.branches.get(index);
    if (branch == null || branch.cancelSent || branch.destination == null) {
      return;
    }
    branch.cancelSent = true;
    byte[] cancel = CancelFactory.cancelFor(branch.bytes, reason);
    String clientKey = TransactionKeys.client(branch.branchId, Method.CANCEL);
    clients.put(clientKey, new ClientLink(proxied.key, index, true));
    ActorRef<TransactionActor.Command<Packet>> ref = getContext().spawnAnonymous(Transactions.cancel(
        services, cancel, branch.destination, getContext().getSelf(), event -> new ClientTransactionEvent(clientKey, event)));
    clientRefs.put(clientKey, ref);
    // RFC 3261 §9.1: without a final response to the INVITE within 64*T1 the branch is given up
    timers.startSingleTimer(new CancelKey(proxied.key, index), new CancelUnanswered(proxied.key, index),
        services.timers.sixtyFourT1());
  }

  private record TimerCKey(String serverKey, int branch) {}

  private record CancelKey(String serverKey, int branch) {}

  // ---- responses ----

  private Behavior<Command> onResponseReceived(ResponseReceived received) {
    SipResponse response = (SipResponse) received.inbound().message();
    ActorRef<TransactionActor.Command<Packet>> client = clientRefs.get(TransactionKeys.client(response));
    if (client != null) {
      client.tell(new TransactionActor.ResponseReceived<>(response.statusCode(), Packet.incoming(response)));
    }
    // no transaction: a late retransmission of a final response its transaction already
    // absorbed; nothing waits for it upstream (RFC 3261 §16.7: the 2xx case is covered by the
    // RFC 6026 Accepted state of the client transaction)
    return this;
  }

  private Behavior<Command> onClientResponse(ClientResponse message) {
    ClientLink link = clients.get(message.key());
    ProxiedRequest proxied = link == null ? null : servers.get(link.serverKey());
    if (proxied == null || link.cancel() || proxied.context == null) {
      return this;
    }
    int status = message.response().statusCode();
    if (status >= 200) {
      timers.cancel(new TimerCKey(proxied.key, link.branch()));
      timers.cancel(new CancelKey(proxied.key, link.branch()));
    } else if (status > 100 && proxied.request.method() == Method.INVITE) {
      // RFC 3261 §16.7 item 2: every provisional response restarts Timer C
      timers.startSingleTimer(new TimerCKey(proxied.key, link.branch()),
          new TimerCFired(proxied.key, link.branch()), services.proxy.branchTimeout());
    }
    perform(proxied, proxied.context.onResponse(link.branch(), message.response()));
    return this;
  }

  private Behavior<Command> onClientTransactionEvent(ClientTransactionEvent message) {
    ClientLink link = clients.get(message.key());
    if (message.event() instanceof TransactionActor.TransactionTerminated) {
      clients.remove(message.key());
      clientRefs.remove(message.key());
      return maybePassivate();
    }
    ProxiedRequest proxied = link == null ? null : servers.get(link.serverKey());
    if (proxied == null || link.cancel() || proxied.context == null) {
      return this;
    }
    if (message.event() instanceof TransactionActor.TransactionTimedOut) {
      perform(proxied, proxied.context.onBranchTimeout(link.branch())); // Timer B or F: a 408
    } else if (message.event() instanceof TransactionActor.TransactionTransportFailed) {
      perform(proxied, proxied.context.onTransportError(link.branch()));
    }
    return this;
  }

  private Behavior<Command> onTimerCFired(TimerCFired fired) {
    ProxiedRequest proxied = servers.get(fired.serverKey());
    if (proxied != null && proxied.context != null) {
      perform(proxied, proxied.context.onBranchTimerC(fired.branch()));
    }
    return this;
  }

  private Behavior<Command> onCancelUnanswered(CancelUnanswered unanswered) {
    ProxiedRequest proxied = servers.get(unanswered.serverKey());
    if (proxied != null && proxied.context != null
        && proxied.context.state(unanswered.branch()) == ResponseContext.BranchState.CANCELLED) {
      perform(proxied, proxied.context.onBranchTimeout(unanswered.branch()));
    }
    return this;
  }

  private Behavior<Command> onServerTransactionEnded(ServerTransactionEnded message) {
    if (message.event() instanceof TransactionActor.TransactionTerminated) {
      ProxiedRequest proxied = servers.remove(message.key());
      plainServers.remove(message.key());
      if (proxied != null) {
        for (ProxiedRequest.Branch b : proxied.branches.values()) {
          timers.cancel(new TimerCKey(proxied.key, b.index));
          timers.cancel(new CancelKey(proxied.key, b.index));
        }
      }
      return maybePassivate();
    }
    return this;
  }

  // ---- plumbing ----

  private ActorRef<TransactionActor.Command<Packet>> spawnServer(String key, Inbound inbound) {
    return getContext().spawnAnonymous(Transactions.server(services, inbound, getContext().getSelf(),
        event -> new ServerTransactionEnded(key, event)));
  }

  /** An entity with no transaction left asks its shard to stop it: nothing stays behind a call. */
  private Behavior<Command> maybePassivate() {
    if (!passivating && servers.isEmpty() && plainServers.isEmpty() && clients.isEmpty()) {
      passivating = true;
      shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
    }
    return this;
  }
}
