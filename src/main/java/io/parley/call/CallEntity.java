package io.parley.call;

import io.parley.message.Method;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.proxy.Caller;
import io.parley.proxy.PreprocessedRequest;
import io.parley.proxy.ProxyAuthorizer;
import io.parley.proxy.RequestValidation;
import io.parley.proxy.TargetResolver;
import io.parley.transaction.Destination;
import io.parley.transaction.Inbound;
import io.parley.transaction.Packet;
import io.parley.transaction.TransactionActor;
import io.parley.transaction.TransactionKeys;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Everything of one Call-ID, sharded by it (DESIGN.md, Actors): every request and response of
 * the call comes here. Each transaction is a child actor wrapping its RFC 3261 §17 machine. A new
 * request arrives having passed the proxy's checks (RFC 3261 §16.3, {@link RequestValidation})
 * and its authorization ({@link ProxyAuthorizer}) at the node's edge, which answers everything it
 * refuses without any state; here it is proxied statefully ({@link StatefulProxy}). A REGISTER
 * for one of our domains never comes here: the registrar answers it without a transaction. The
 * entity passivates when its last transaction has ended, and at once after an ACK or CANCEL that
 * matched nothing, so a finished call, or a stray message, leaves nothing behind. Its life is
 * counted in the node's {@link CallLoad}, which the edge reads to refuse new calls past the limits.
 */
public final class CallEntity extends AbstractBehavior<CallEntity.Command> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Call");

  public sealed interface Command {}

  /**
   * A request of this call arrived, parsed and validated at the edge.
   *
   * @param admitted a new request (neither ACK nor CANCEL) as the edge authorized it; null for an
   *     ACK or CANCEL, which are matched here first
   * @param receivedNanos {@link System#nanoTime()} when the edge handed it over, for the wait
   *     {@link CallLoad} tracks
   */
  public record RequestReceived(Inbound inbound, PreprocessedRequest admitted, long receivedNanos)
      implements Command {}

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

  /** The location service's targets for a proxied request; null resolution: it failed. */
  record LocationFound(String serverKey, TargetResolver.Resolution resolution) implements Command {}

  private final CallServices services;
  private final StatelessForwarder stateless;
  private final StatefulProxy proxy;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private boolean passivating;
  /** Whether a stranger's request opened this entity (CallLoad counts those apart). */
  private boolean openedByStranger;

  private CallEntity(ActorContext<Command> context, TimerScheduler<Command> timers,
      CallServices services, ActorRef<ClusterSharding.ShardCommand> shard) {
    super(context);
    this.services = services;
    this.stateless = new StatelessForwarder(services, context.getExecutionContext());
    this.proxy = new StatefulProxy(context, timers, services);
    this.shard = shard;
  }

  /**
   * Registers the entity type with sharding on this node: {@link Stop} as the stop message, the
   * default passivation (the entity also asks for it itself once its last transaction has ended).
   */
  public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, CallServices services) {
    return ClusterSharding.get(system).init(Entity.of(TYPE_KEY, entity -> create(services, entity.getShard()))
        .withStopMessage(Stop.INSTANCE));
  }

  public static Behavior<Command> create(CallServices services, ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(context -> {
      services.load.started();
      return Behaviors.withTimers(timers -> new CallEntity(context, timers, services, shard));
    });
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
        .onMessage(LocationFound.class, this::onLocationFound)
        .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
        .onSignal(PostStop.class, stop -> {
          services.load.stopped(openedByStranger);
          return this;
        })
        .build();
  }

  // ---- requests ----

  private Behavior<Command> onRequestReceived(RequestReceived received) {
    passivating = false;
    long now = System.nanoTime();
    services.load.waited(now - received.receivedNanos(), now);
    Inbound inbound = received.inbound();
    SipRequest request = (SipRequest) inbound.message();
    String key = TransactionKeys.server(request);
    ProxiedRequest existing = proxy.get(key);
    if (request.method() == Method.ACK) {
      if (existing != null) {
        existing.server.tell(new TransactionActor.AckReceived<>(Packet.incoming(request)));
        return this;
      }
      stateless.forward(inbound, request); // RFC 3261 §16.7: the ACK for a 2xx
      return maybePassivate();
    }
    if (existing != null) {
      // RFC 3261 §17.2: a retransmission, absorbed by its server transaction
      existing.server.tell(new TransactionActor.RequestRetransmitted<>());
      return this;
    }
    if (request.method() == Method.CANCEL) {
      proxy.onCancel(inbound, request);
      return maybePassivate();
    }
    PreprocessedRequest admitted = received.admitted();
    if (admitted == null) {
      return maybePassivate(); // the edge admits every new request it sends; nothing to do
    }
    if (admitted.caller() == Caller.STRANGER && proxy.isIdle() && !openedByStranger) {
      openedByStranger = true;
      services.load.openedByStranger();
    }
    proxy.start(new ProxiedRequest(key, inbound, spawnServer(key, inbound)), admitted);
    return this;
  }

  // ---- what the proxied requests hear ----

  private Behavior<Command> onLocationFound(LocationFound found) {
    proxy.onLocationFound(found);
    return this;
  }

  private Behavior<Command> onBranchResolved(BranchResolved resolved) {
    proxy.onBranchResolved(resolved);
    return this;
  }

  private Behavior<Command> onResponseReceived(ResponseReceived received) {
    proxy.onResponseReceived((SipResponse) received.inbound().message());
    return this;
  }

  private Behavior<Command> onClientResponse(ClientResponse message) {
    proxy.onClientResponse(message);
    return this;
  }

  private Behavior<Command> onClientTransactionEvent(ClientTransactionEvent message) {
    return proxy.onClientTransactionEvent(message) ? maybePassivate() : this;
  }

  private Behavior<Command> onTimerCFired(TimerCFired fired) {
    proxy.onTimerCFired(fired);
    return this;
  }

  private Behavior<Command> onCancelUnanswered(CancelUnanswered unanswered) {
    proxy.onCancelUnanswered(unanswered);
    return this;
  }

  private Behavior<Command> onServerTransactionEnded(ServerTransactionEnded message) {
    if (message.event() instanceof TransactionActor.TransactionTerminated) {
      proxy.onServerTransactionEnded(message.key());
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
    if (!passivating && proxy.isIdle()) {
      passivating = true;
      shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
    }
    return this;
  }
}
