package io.parley.call;

import io.parley.cluster.HomeShardAllocation;
import io.parley.cluster.HomeShards;
import io.parley.cluster.NodeLocal;
import io.parley.dialog.DialogInfo;
import io.parley.nat.RtpEngine;
import io.parley.dialog.HangUp;
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
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
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
 * entity passivates when its last transaction has ended, or once every transaction left only
 * waits out its last timer and there is no dialog or it is over: those are handed to the node's
 * {@link FinishedTransactions} as a few fields each. It passivates at once after an ACK or CANCEL
 * that matched nothing, so a finished call, or a stray message, leaves next to nothing behind.
 * Its life is counted in the node's {@link CallLoad}, which the edge reads to refuse new calls
 * past the limits.
 */
public final class CallEntity extends AbstractBehavior<CallEntity.Command> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Call");

  /**
   * What a call entity hears. Those that sharding may deliver from another node, and the reply
   * {@link EndDialogReply}, travel through {@link CallMessageSerializer}; those the entity only
   * sends itself are {@link NodeLocal}: never serialized.
   */
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

  /**
   * An operator ends the call ({@code DELETE /dialogs/{callId}}): BYE both ways, CDR cause
   * "operator".
   */
  public record EndDialog(ActorRef<EndDialogReply> replyTo) implements Command {}

  /**
   * What {@link EndDialog} did.
   *
   * @param ended the dialog as it ended; null if nothing was ended
   * @param found the dialog found but not ended (not answered yet, or over); null if none
   */
  public record EndDialogReply(DialogInfo ended, DialogInfo found) {}

  /**
   * A confirmed dialog of this Call-ID, from the store: the node that held it is gone or
   * restarted; this entity takes it over, timers and all (DESIGN.md, Actors).
   */
  public record Resume(DialogInfo dialog) implements Command {}

  /** The dialog's max duration or session interval may be over. The entity's own timer. */
  enum DialogTimeout implements Command { INSTANCE }

  /** Time to ping both ends of the dialog. The entity's own timer. */
  enum PingDue implements Command { INSTANCE }

  /** The confirmed dialog has lasted long enough to be kept in the store. The entity's own timer. */
  enum PersistDue implements Command { INSTANCE }

  /**
   * A parked call's next timeout has come: the entity takes the call back and ends it, wherever
   * the Call-ID's shard lives now (DESIGN.md, Actors): it crosses nodes with the parked call.
   */
  record Unpark(ParkedCall call) implements Command {}

  /** Sent by sharding to stop a passivating entity (by the shard on the entity's own node). */
  public enum Stop implements Command { INSTANCE }

  // The rest the entity hears only from its own children, timers and futures, on its own node:
  // NodeLocal, never serialized (CallMessageSerializer refuses them).

  /** A server transaction's event, from the child that runs it; never crosses nodes. */
  record ServerTransactionEnded(String key, TransactionActor.Event event) implements Command, NodeLocal {}

  /** A client transaction's event, from the child that runs it; never crosses nodes. */
  record ClientTransactionEvent(String key, TransactionActor.Event event) implements Command, NodeLocal {}

  /** A response a client transaction passes up; never crosses nodes. */
  record ClientResponse(String key, SipResponse response) implements Command, NodeLocal {}

  /** The entity's own Timer C (RFC 3261 §16.6 step 11); never crosses nodes. */
  record TimerCFired(String serverKey, int branch) implements Command, NodeLocal {}

  /** The entity's own timer for a CANCEL nobody answered; never crosses nodes. */
  record CancelUnanswered(String serverKey, int branch) implements Command, NodeLocal {}

  /** A branch's next hop resolved (RFC 3263), from a future on this node; never crosses nodes. */
  record BranchResolved(String serverKey, int branch, Destination destination, Throwable failure)
      implements Command, NodeLocal {}

  /**
   * The location service's targets for a proxied request; null resolution: it failed. From a
   * future on this node (the AOR's reply itself crosses as its own message); never crosses nodes.
   */
  record LocationFound(String serverKey, TargetResolver.Resolution resolution) implements Command, NodeLocal {}

  /**
   * rtpengine's answer to an INVITE's offer ({@code initial}: not a re-INVITE); null: none in time.
   * From an ask on this node.
   */
  record MediaOffered(String serverKey, String callId, boolean initial, RtpEngine.Result result)
      implements Command, NodeLocal {}

  /** rtpengine's answer to the SDP of {@code response}; null: none in time. From an ask on this node. */
  record MediaAnswered(String serverKey, int branch, SipResponse response, RtpEngine.Result result)
      implements Command, NodeLocal {}

  private final CallServices services;
  private final StatelessForwarder stateless;
  private final StatefulProxy proxy;
  private final DialogTracker dialog;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private boolean passivating;
  /** The entity's id; null for an entity made outside sharding (tests). */
  private final String entityId;
  /** Whether a stranger's request opened this entity (CallLoad counts those apart). */
  private boolean openedByStranger;
  /** Where this node's edge hands messages straight to this entity; null outside sharding. */
  private final LocalCalls local;

  private CallEntity(ActorContext<Command> context, TimerScheduler<Command> timers,
      CallServices services, ActorRef<ClusterSharding.ShardCommand> shard, String entityId) {
    super(context);
    this.services = services;
    this.entityId = entityId;
    this.local = entityId == null ? null : services.local;
    String home = entityId == null ? null : HomeShards.homeOf(entityId);
    if (home == null) {
      home = services.homes.own();
    } else if (!home.equals(services.homes.own())) {
      services.homes.living(home); // a call taken over from a node that is gone: its responses name that home
    }
    this.stateless = new StatelessForwarder(services, home, context.getExecutionContext());
    this.dialog = new DialogTracker(context, timers, services, entityId, home);
    this.proxy = new StatefulProxy(context, timers, services, dialog, home);
    this.shard = shard;
    ParkedCall parked = entityId == null ? null : services.parked.take(entityId);
    if (parked != null) {
      dialog.unpark(parked);
    }
  }

  /**
   * Registers the entity type with sharding on this node: {@link Stop} as the stop message, and
   * no passivation by sharding. Sharding's idle timeout counts only messages that come through
   * it, not the entity's own timers, so it would stop a quiet two-hour call holding its dialog
   * (pekko-versions.md); the entity asks to be passivated itself once its last transaction has
   * ended, parking a confirmed dialog ({@link ParkedCalls}) that its next timeout wakes through
   * sharding. Entities are named {@code home|Call-ID} and a home's shards stay on its node
   * ({@link HomeShards}, {@link HomeShardAllocation}): a call lives where it began.
   */
  public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, CallServices services) {
    ActorRef<ShardingEnvelope<Command>> region = ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, entity -> HomeShards.isOpener(entity.getEntityId()) ? Behaviors.<Command>stopped()
            : create(services, entity.getShard(), entity.getEntityId()))
            .withStopMessage(Stop.INSTANCE)
            .withMessageExtractor(new HomeExtractor())
            .withAllocationStrategy(new HomeShardAllocation())
            .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
    services.parked.wakeThrough((entityId, call) -> region.tell(new ShardingEnvelope<>(entityId, new Unpark(call))));
    services.region = region;
    FinishedTransactions finished = services.finished;
    if (finished != null) {
      system.scheduler().scheduleWithFixedDelay(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1),
          () -> finished.sweep(System.nanoTime()), system.executionContext());
    }
    if (services.local != null) {
      // before sharding hands this node's shards over: from then on their entities move away
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeClusterShutdown(), "local-calls",
          () -> {
            services.local.stop();
            return CompletableFuture.completedFuture(Done.getInstance());
          });
    }
    return region;
  }

  /** An entity that never parks its dialog (it does not know its Call-ID). */
  public static Behavior<Command> create(CallServices services, ActorRef<ClusterSharding.ShardCommand> shard) {
    return create(services, shard, null);
  }

  /**
   * @param entityId the entity's id ({@link HomeShards#entityId}); null: the entity keeps a
   *     confirmed dialog until it ends instead of parking it
   */
  public static Behavior<Command> create(CallServices services, ActorRef<ClusterSharding.ShardCommand> shard,
      String entityId) {
    return Behaviors.setup(context -> {
      services.load.started();
      return Behaviors.withTimers(timers -> new CallEntity(context, timers, services, shard, entityId));
    });
  }

  /** Shards by home ({@link HomeShards#shardOf}), not by a hash of the whole id. */
  private static final class HomeExtractor extends ShardingMessageExtractor<ShardingEnvelope<Command>, Command> {
    @Override
    public String entityId(ShardingEnvelope<Command> envelope) {
      return envelope.entityId();
    }

    @Override
    public String shardId(String entityId) {
      return HomeShards.shardOf(entityId);
    }

    @Override
    public Command unwrapMessage(ShardingEnvelope<Command> envelope) {
      return envelope.message();
    }
  }

  @Override
  public Receive<Command> createReceive() {
    // one case for every command, dispatched below: a case and a lambda per command type, built
    // for each of the node's tens of thousands of entities, cost ~0.7 KB a call (bench/RESULTS.md)
    return newReceiveBuilder()
        .onMessage(Command.class, this::onCommand)
        .onSignal(PostStop.class, this::onPostStop)
        .build();
  }

  private Behavior<Command> onCommand(Command command) {
    if (command instanceof RequestReceived || command instanceof ResponseReceived) {
      if (passivating && entityId != null && services.region != null) {
        // the shard stops this entity next and holds what comes meanwhile for its next one: new
        // work taken now would be stopped with it
        services.region.tell(new ShardingEnvelope<>(entityId, command));
        return this;
      }
      if (local != null) {
        local.opened(entityId, command, getContext().getSelf());
      }
    }
    if (command instanceof RequestReceived m) {
      return onRequestReceived(m);
    } else if (command instanceof ResponseReceived m) {
      return onResponseReceived(m);
    } else if (command instanceof ClientResponse m) {
      return onClientResponse(m);
    } else if (command instanceof ClientTransactionEvent m) {
      return onClientTransactionEvent(m);
    } else if (command instanceof ServerTransactionEnded m) {
      return onServerTransactionEnded(m);
    } else if (command instanceof TimerCFired m) {
      return onTimerCFired(m);
    } else if (command instanceof CancelUnanswered m) {
      return onCancelUnanswered(m);
    } else if (command instanceof BranchResolved m) {
      return onBranchResolved(m);
    } else if (command instanceof LocationFound m) {
      return onLocationFound(m);
    } else if (command instanceof MediaOffered m) {
      proxy.onMediaOffered(m);
      return this;
    } else if (command instanceof MediaAnswered m) {
      proxy.onMediaAnswered(m);
      return maybePassivate();
    } else if (command instanceof EndDialog m) {
      return onEndDialog(m);
    } else if (command instanceof Resume m) {
      return onResume(m);
    } else if (command instanceof Unpark m) {
      return onUnpark(m);
    } else if (command == DialogTimeout.INSTANCE) {
      return onDialogTimeout();
    } else if (command == PingDue.INSTANCE) {
      return onPingDue();
    } else if (command == PersistDue.INSTANCE) {
      return onPersistDue();
    } else if (command == Stop.INSTANCE) {
      return Behaviors.stopped();
    }
    return this;
  }

  private Behavior<Command> onPostStop(PostStop stop) {
    if (local != null) {
      local.closed(entityId, getContext().getSelf());
    }
    dialog.stopped();
    services.load.stopped(openedByStranger);
    return this;
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
      if (services.finished != null && services.finished.takeRequest(request, now)) {
        return maybePassivate(); // the ACK of a non-2xx whose transaction was handed over
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
    if (services.finished != null && services.finished.takeRequest(request, now)) {
      return maybePassivate(); // its call was handed over: a retransmission, answered from there
    }
    PreprocessedRequest admitted = received.admitted();
    if (admitted == null) {
      return maybePassivate(); // the edge admits every new request it sends; nothing to do
    }
    if (admitted.caller() == Caller.STRANGER && proxy.isIdle() && !openedByStranger) {
      openedByStranger = true;
      services.load.openedByStranger();
    }
    proxy.start(new ProxiedRequest(key, inbound, spawnServer(key, inbound, received.receivedNanos())), admitted);
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
    SipResponse response = (SipResponse) received.inbound().message();
    if (proxy.onResponseReceived(response) || dialog.onResponseReceived(response)) {
      return this;
    }
    if (services.finished != null) {
      services.finished.takeResponse(response, System.nanoTime());
    }
    // no transaction of this call's takes it: a late retransmission, or a forged response (its
    // Via names us) that woke this entity; nothing may stay behind for it
    return maybePassivate();
  }

  private Behavior<Command> onClientResponse(ClientResponse message) {
    if (dialog.owns(message.key())) {
      dialog.onOwnResponse(message.key(), message.response());
    } else {
      proxy.onClientResponse(message);
    }
    return this;
  }

  private Behavior<Command> onClientTransactionEvent(ClientTransactionEvent message) {
    if (dialog.owns(message.key())) {
      return dialog.onOwnTransactionEvent(message.key(), message.event()) ? maybePassivate() : this;
    }
    boolean ended = proxy.onClientTransactionEvent(message);
    return ended || message.event() instanceof TransactionActor.TransactionLingering ? maybePassivate() : this;
  }

  // ---- the dialog's own doings ----

  private Behavior<Command> onEndDialog(EndDialog end) {
    DialogInfo ended = dialog.end(HangUp.OPERATOR, "operator");
    end.replyTo().tell(new EndDialogReply(ended, ended == null ? dialog.info() : null));
    return maybePassivate();
  }

  private Behavior<Command> onResume(Resume resume) {
    passivating = false;
    dialog.resume(resume.dialog());
    return maybePassivate();
  }

  private Behavior<Command> onUnpark(Unpark unpark) {
    passivating = false;
    if (dialog.unpark(unpark.call())) {
      // sent when its timeout was due, on the scheduler's clock as the entity's own timer would be
      dialog.onTimeout();
    }
    return maybePassivate();
  }

  private Behavior<Command> onDialogTimeout() {
    dialog.onTimeout();
    return maybePassivate();
  }

  private Behavior<Command> onPersistDue() {
    dialog.onPersistDue();
    return maybePassivate();
  }

  private Behavior<Command> onPingDue() {
    dialog.onPingDue();
    return this;
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
    if (message.event() instanceof TransactionActor.TransactionLingering lingering) {
      proxy.onServerTransactionLingering(message.key(), lingering);
      return maybePassivate();
    }
    return this;
  }

  // ---- plumbing ----

  private ActorRef<TransactionActor.Command<Packet>> spawnServer(String key, Inbound inbound, long receivedNanos) {
    return getContext().spawnAnonymous(Transactions.server(services, inbound, getContext().getSelf(),
        event -> new ServerTransactionEnded(key, event), receivedNanos));
  }

  /**
   * An entity with no transaction left asks its shard to stop it: nothing stays behind a call,
   * and a confirmed dialog that is quiet is parked when it stops.
   */
  private Behavior<Command> maybePassivate() {
    if (!passivating && entityId != null && services.finished != null && dialog.isIdle() && proxy.onlyLingers()) {
      // a finished call: its transactions wait out their timers as a few fields, without it
      services.finished.hold(HomeShards.callId(entityId), proxy.handOver(System.nanoTime()));
    }
    if (!passivating && proxy.isIdle() && (dialog.isIdle() || dialog.isParkable())) {
      passivating = true;
      if (local != null) {
        local.closed(entityId, getContext().getSelf()); // before the shard can stop it
      }
      shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
    }
    return this;
  }
}
