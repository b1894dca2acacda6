package io.parley.location;

import io.parley.cluster.ShardOpening;
import io.parley.common.CborSerializable;
import io.parley.message.uri.CanonicalAor;
import io.parley.message.uri.SipUri;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The location service of one address-of-record (RFC 3261 §10): its bindings, event-sourced,
 * sharded by the normalized AOR {@code user@domain}. It owns the expiry of its bindings.
 *
 * <h2>What a refresh costs: the lease</h2>
 * The journal is the registrar's bottleneck, and most REGISTERs are refreshes that change
 * nothing but the expiry. The rule that cannot bend: after a failover no binding disappears
 * while its phone still believes it is registered. So every write persists a <em>lease</em>,
 * the granted time × {@code lease-factor} (at most {@code max-lease-slack} beyond the granted
 * expiry), while the entity keeps the true expiry in memory; a refresh whose new expiry falls
 * within the persisted lease, and that changes nothing else (q, parameters, flow, Path, source;
 * the Call-ID and CSeq may change), is answered without a write. After a failover the recovered binding lives until
 * its lease: never shorter than any expiry the phone was granted, at most the slack longer. With
 * the default factor 2 a UA refreshing at half its interval writes one refresh in three; 1.0
 * writes every refresh. The price: a Call-ID and CSeq held only in memory are lost on failover, so
 * a stale REGISTER replayed just then is accepted (it can only refresh the binding).
 *
 * <h2>Expiry</h2>
 * One actor timer, armed for the earliest expiry of any binding, rather than one per binding:
 * fewer timer objects per idle AOR. When it fires, bindings whose time is really up (a refresh
 * may have moved them) are expired with {@link AorEvent.BindingExpired}, and it is re-armed.
 * After recovery every binding's expiry is raised to its lease and the timer armed; bindings
 * that ran out while no node held the entity expire at once.
 *
 * <h2>Staying alive, and not</h2>
 * An AOR without bindings passivates at once: it costs no memory. One with bindings stays up
 * while it is asked for (REGISTER, lookups; a lookup answered from a node's {@link
 * BindingsCache} does not reach it) and for {@code passivate-idle-after} after that;
 * then it parks: it leaves its bindings with the node's {@link ParkedAors}, from which its next
 * recovery here starts, with their true expiries; when the node keeps no more, it writes a
 * {@link AorEvent.BindingsCheckpointed} instead if a binding's stored lease or data differs from
 * what it holds (so the next recovery sees the true expiry, not the lease). It leaves its earliest
 * expiry with the node's {@link AorExpiryIndex}, which wakes it when that comes, and stops.
 * Sharding's own idle passivation is off for this entity type because it sends the same stop
 * message as a rebalance, and the two must differ. Remember-entities would
 * restart entities after a crash, but writes on every entity start and stop and restarts every
 * remembered entity at once; instead:
 * <ul>
 *   <li>an entity stopped (a rebalance, or a passivation that raced a new REGISTER) while it
 *       still has bindings sends itself a {@link Wake} through sharding, so it starts again
 *       wherever its shard lives next (not while its own node shuts down);
 *   <li>after a member comes up or is removed (a node start, a node leaving or lost),
 *       {@link AorWaker} walks the journal's persistence ids and wakes every AOR entity, which
 *       recovers, expires what ran out and re-arms its timer (or passivates again at once when
 *       it has no bindings).
 * </ul>
 */
public final class AorEntity extends EventSourcedBehavior<AorEntity.Command, AorEvent, AorState> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Aor");

  /** The longest a single timer runs; a longer expiry is re-armed when it fires. */
  private static final long MAX_TIMER_MILLIS = Duration.ofDays(1).toMillis();
  private static final String EXPIRY_TIMER = "expiry";
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AorEntity.class);
  private static final String IDLE_TIMER = "idle";
  /** The first idle check after a start: an entity only woken (not asked) parks this soon. */
  private static final Duration FIRST_IDLE_CHECK = Duration.ofSeconds(1);
  /** A journal failure restarts the entity, which recovers; shared, as every entity has one. */
  private static final BackoffSupervisorStrategy ON_PERSIST_FAILURE =
      SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);

  /** What an AOR entity is asked. */
  public sealed interface Command extends CborSerializable {}

  /**
   * One REGISTER's contacts (RFC 3261 §10.3 steps 7 and 8). Applied whole or refused whole.
   *
   * @param contacts the Contact header fields, with expiry granted by the registrar
   * @param callId the request's Call-ID
   * @param cseq the request's CSeq number
   * @param flowId the flow the request came on, or null
   * @param path the Path header values (RFC 3327), empty when none
   * @param received the source the request came from ({@code "udp:1.2.3.4:5060"}), or null
   * @param userAgent the request's User-Agent as the registrar keeps it, or null
   */
  public record UpdateBindings(List<ContactUpdate> contacts, String callId, long cseq, String flowId,
      List<String> path, String received, String userAgent, ActorRef<UpdateResult> replyTo) implements Command {
    public UpdateBindings {
      contacts = List.copyOf(contacts);
      path = path == null ? List.of() : List.copyOf(path);
    }

    /** Without a user agent. */
    public UpdateBindings(List<ContactUpdate> contacts, String callId, long cseq, String flowId, List<String> path,
        String received, ActorRef<UpdateResult> replyTo) {
      this(contacts, callId, cseq, flowId, path, received, null, replyTo);
    }

    /** Whether some contact is to be bound rather than removed (RFC 3261 §10.3 step 8). */
    boolean addsBinding() {
      for (ContactUpdate contact : contacts) {
        if (contact.expiresSeconds() > 0) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code Contact: *} with {@code Expires: 0} (RFC 3261 §10.3 step 6). */
  public record RemoveAll(String callId, long cseq, ActorRef<UpdateResult> replyTo) implements Command {}

  /** The current bindings, highest q first. */
  public record GetBindings(ActorRef<Bindings> replyTo) implements Command {}

  /**
   * The bindings and the node that holds them, for an operator. Unlike a lookup it does not
   * count as use: an entity woken only for this parks again at its first idle check.
   */
  public record GetRegistration(ActorRef<Registration> replyTo) implements Command {}

  /**
   * An operator removes bindings: those whose contact is {@code contact} (RFC 3261 §19.1.4
   * equivalence, as a REGISTER names it, §10.3 step 7), or every one when {@code contact} is
   * null. Written as {@link AorEvent.BindingRemoved} events, as a REGISTER with expires 0 would
   * write them, so the removal survives a restart; the phone's next refresh binds it again.
   */
  public record RemoveBindings(String contact, ActorRef<RemovedBindings> replyTo) implements Command {}

  /** Starts the entity (recovery arms its timers); does nothing to a running one. */
  public record Wake() implements Command {
    public static final Wake INSTANCE = new Wake();
  }

  /** The expiry timer fired. */
  record ExpiryDue() implements Command {
    static final ExpiryDue INSTANCE = new ExpiryDue();
  }

  /** After recovery: passivate unless the commands that started the entity added a binding. */
  record PassivateIfEmpty() implements Command {
    static final PassivateIfEmpty INSTANCE = new PassivateIfEmpty();
  }

  /** Time to see whether the entity has been idle long enough to park. */
  record IdleCheck() implements Command {
    static final IdleCheck INSTANCE = new IdleCheck();
  }

  /**
   * The node's keepalives ({@link NatedBindings}) gave up on a binding: {@code missed} pings in
   * a row went unanswered through its flow. Removed unless it was registered again since
   * ({@code cseq}) or through another flow.
   */
  public record KeepalivesUnanswered(BindingRef binding, String flowId, long cseq, int missed) implements Command {}

  /** Sharding's stop message: passivation or shard hand-off. */
  record Stop() implements Command {
    static final Stop INSTANCE = new Stop();
  }

  private final String aor;
  private final AorSettings settings;
  private final Clock clock;
  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  /** Null when not run under sharding (tests): then the entity never passivates. */
  private final EntityContext<Command> sharded;
  /** Where a parked entity leaves its next expiry; null when it never parks. */
  private final ActorRef<AorExpiryIndex.Command> index;
  private long armedFor = Long.MAX_VALUE;
  private boolean passivating;
  /** When a request last asked for this AOR (epoch millis); 0: none since the entity started. */
  private long lastAsked;
  /** Whether some refresh was applied in memory only since the last write. */
  private boolean unwritten;
  /** Whether the entity stops because it parked, rather than for a rebalance. */
  private boolean parked;
  /** The node's count of bound contacts, and this entity's share in it now. */
  private final RegisteredContacts registered;
  private final RemoteAsks remoteAsks;
  /** What the nodes' calls hold of this AOR's bindings, told of the changes they cannot see. */
  private final BindingsCache cache;
  private int counted;
  /** The node's keepalive pinger, told of this AOR's bindings behind a NAT. */
  private final NatedBindings nated;
  /**
   * Whether the pinger may hold some binding of this AOR: at the start it may (the entity that
   * parked here told it), so the first change tells it in any case.
   */
  private boolean toldNated = true;

  private AorEntity(String aor, AorSettings settings, Clock clock, ActorContext<Command> context,
      TimerScheduler<Command> timers, EntityContext<Command> sharded, ActorRef<AorExpiryIndex.Command> index,
      NatedBindings nated) {
    super(PersistenceId.of(TYPE_KEY.name(), aor), ON_PERSIST_FAILURE);
    this.aor = aor;
    this.settings = settings;
    this.clock = clock;
    this.context = context;
    this.timers = timers;
    this.sharded = sharded;
    this.registered = RegisteredContacts.get(context.getSystem());
    this.remoteAsks = RemoteAsks.get(context.getSystem());
    this.cache = BindingsCache.get(context.getSystem());
    this.index = sharded != null && !settings.passivateIdleAfter().isZero() ? index : null;
    this.nated = nated;
  }

  /** An entity outside sharding (it never passivates), telling {@code nated} of its NATed bindings. */
  static Behavior<Command> create(String aor, AorSettings settings, Clock clock, NatedBindings nated) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new AorEntity(aor, settings, clock, ctx, timers, null, null, nated)));
  }

  /** An entity outside sharding (it never passivates). */
  public static Behavior<Command> create(String aor, AorSettings settings, Clock clock) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new AorEntity(aor, settings, clock, ctx, timers, null, null, NatedBindings.NONE)));
  }

  static Behavior<Command> create(EntityContext<Command> entity, AorSettings settings, Clock clock,
      ActorRef<AorExpiryIndex.Command> index) {
    return create(entity, settings, clock, index, NatedBindings.NONE);
  }

  static Behavior<Command> create(EntityContext<Command> entity, AorSettings settings, Clock clock,
      ActorRef<AorExpiryIndex.Command> index, NatedBindings nated) {
    // No setLoggerName here: the EventSourcedBehavior names the logger after this class itself, and
    // either call walks the stack once per entity start (Pekko's ActorContextImpl.loggingContext).
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new AorEntity(entity.getEntityId(), settings, clock, ctx, timers, entity, index, nated)));
  }

  /**
   * {@link #create(EntityContext, AorSettings, Clock, ActorRef)} once the first command has been
   * seen: a REGISTER that adds a binding to an AOR this node knows to be new recovers without
   * asking the journal ({@link NewAors}).
   */
  private static Behavior<Command> startWithFirstCommand(EntityContext<Command> entity, AorSettings settings,
      Clock clock, ActorRef<AorExpiryIndex.Command> index, NatedBindings nated) {
    return Behaviors.setup(ctx -> {
      NewAors newAors = NewAors.get(ctx.getSystem());
      return Behaviors.withStash(1, stash -> Behaviors.receive(Command.class).onAnyMessage(first -> {
        if (first instanceof UpdateBindings update && update.addsBinding()) {
          newAors.claim(entity.getEntityId());
        }
        stash.stash(first);
        return stash.unstashAll(create(entity, settings, clock, index, nated));
      }).build());
    });
  }

  /**
   * Registers the entity type with sharding on this node, with this node's {@link
   * AorExpiryIndex}: no automatic idle passivation (the entity parks itself, see above), {@link
   * Stop} as the stop message.
   */
  public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, AorSettings settings, Clock clock) {
    return init(system, settings, clock, NatedBindings.NONE);
  }

  /** {@link #init(ActorSystem, AorSettings, Clock)}, the entities telling {@code nated} of their NATed bindings. */
  public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, AorSettings settings, Clock clock,
      NatedBindings nated) {
    ClusterSharding sharding = ClusterSharding.get(system);
    ActorRef<AorExpiryIndex.Command> index =
        system.systemActorOf(AorExpiryIndex.create(sharding, clock), "aor-expiry-index", Props.empty());
    ClusterShardingSettings shardSettings = ClusterShardingSettings.create(system).withNoPassivationStrategy();
    return sharding.init(Entity.of(TYPE_KEY, entity -> isOpener(entity.getEntityId()) ? Behaviors.<Command>stopped()
            : startWithFirstCommand(entity, settings, clock, index, nated))
        .withStopMessage(Stop.INSTANCE)
        .withSettings(shardSettings));
  }

  /** Opens the AOR shards ({@link ShardOpening}): no AOR is named so (no '@', and no host has '|'). */
  private static final String OPENER_PREFIX = "|open-";

  /** Entity ids, one in each of the {@code shards} AOR shards, that no AOR has: {@link ShardOpening}. */
  public static List<String> openers(int shards) {
    return ShardOpening.oneInEachShard(OPENER_PREFIX, shards);
  }

  static boolean isOpener(String entityId) {
    return entityId.startsWith(OPENER_PREFIX);
  }

  /** {@link #init(ActorSystem, AorSettings, Clock)} on the system clock. */
  public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, AorSettings settings) {
    return init(system, settings, Clock.systemUTC());
  }

  /** The entity of an AOR, by its normalized id (see {@link #entityId}). */
  public static EntityRef<Command> entityRef(ClusterSharding sharding, String aor) {
    return sharding.entityRefFor(TYPE_KEY, aor);
  }

  /**
   * The entity id of an address-of-record given as a user part (as written, escapes allowed) and
   * a domain: {@link CanonicalAor#of(String, String)}, so that every spelling of one AOR (RFC 3261
   * §19.1.4: {@code %61lice} is {@code alice}, the host in any case) is one entity and one
   * persistence id; just the domain when there is no user.
   *
   * <p>A plain user is its own canonical form, so the journal's persistence ids keep their
   * meaning. An AOR registered before this rule under an escaped spelling ({@code %61lice}) kept
   * its own entity; it is not rewritten (the journal holds serialized events under that id):
   * its bindings expire within max-expires, were reachable only by that very spelling, and the
   * phone's next refresh stores them under the canonical id.
   */
  public static String entityId(String user, String domain) {
    return CanonicalAor.of(user, domain);
  }

  /** The entity id of the address-of-record a SIP URI names ({@link CanonicalAor#of(SipUri)}). */
  public static String entityId(SipUri uri) {
    return CanonicalAor.of(uri);
  }

  @Override
  public AorState emptyState() {
    return AorState.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public CommandHandler<Command, AorEvent, AorState> commandHandler() {
    // One case rather than one per command: the builder's cases are per entity, and an idle
    // entity's heap is budgeted (see AorHeapBench).
    return newCommandHandlerBuilder().forAnyState().onAnyCommand(this::onCommand);
  }

  private Effect<AorEvent, AorState> onCommand(AorState state, Command command) {
    if (command instanceof UpdateBindings c) {
      asked();
      remoteAsks.asked(c.replyTo());
      return onUpdateBindings(state, c);
    } else if (command instanceof GetBindings c) {
      asked();
      remoteAsks.asked(c.replyTo());
      return Effect().reply(c.replyTo(), new Bindings(state.active(clock.millis())));
    } else if (command instanceof IdleCheck) {
      return onIdleCheck(state);
    } else if (command instanceof GetRegistration c) {
      return Effect().reply(c.replyTo(), new Registration(aor, state.active(clock.millis()),
          context.getSystem().address().toString()));
    } else if (command instanceof RemoveBindings c) {
      return onRemoveBindings(state, c);
    } else if (command instanceof ExpiryDue) {
      return onExpiryDue(state);
    } else if (command instanceof RemoveAll c) {
      asked();
      remoteAsks.asked(c.replyTo());
      return onRemoveAll(state, c);
    } else if (command instanceof PassivateIfEmpty) {
      if (state.isEmpty()) {
        passivate();
      }
      return Effect().none();
    } else if (command instanceof Stop) {
      return onStop(state);
    } else if (command instanceof KeepalivesUnanswered c) {
      return onKeepalivesUnanswered(state, c);
    }
    return Effect().none(); // Wake: recovery has done its work
  }

  @Override
  public EventHandler<AorState, AorEvent> eventHandler() {
    return AorState::apply;
  }

  @Override
  public SignalHandler<AorState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.class, (state, signal) -> onRecovered(state))
        .onSignal(PostStop.class, (state, signal) -> recount(0))
        .build();
  }

  private Effect<AorEvent, AorState> onUpdateBindings(AorState state, UpdateBindings c) {
    long now = clock.millis();
    UpdatePlan plan = UpdatePlan.update(state, c.contacts(),
        new UpdatePlan.Request(c.callId(), c.cseq(), c.flowId(), c.path(), c.received(), c.userAgent()), now,
        settings);
    return carryOut(state, plan, c.replyTo(), now);
  }

  private Effect<AorEvent, AorState> onRemoveAll(AorState state, RemoveAll c) {
    long now = clock.millis();
    return carryOut(state, UpdatePlan.removeAll(state, c.callId(), c.cseq(), now), c.replyTo(), now);
  }

  private Effect<AorEvent, AorState> onRemoveBindings(AorState state, RemoveBindings c) {
    long now = clock.millis();
    List<AorEvent> events = UpdatePlan.expired(state, now);
    int removed = 0;
    for (Binding b : state.active(now)) {
      if (c.contact() == null || names(c.contact(), b)) {
        events.add(new AorEvent.BindingRemoved(b.ref()));
        removed++;
      }
    }
    RemovedBindings answer = new RemovedBindings(removed);
    if (events.isEmpty()) {
      return Effect().reply(c.replyTo(), answer);
    }
    return Effect().persist(events).thenRun(next -> {
      if (answer.removed() > 0) {
        cache.changed(aor);
      }
      afterChange(next);
    }).thenReply(c.replyTo(), next -> answer);
  }

  /** Whether an operator's {@code contact} names {@code b}; a contact that is no URI only as written. */
  private static boolean names(String contact, Binding b) {
    try {
      return ContactUris.equivalent(b.contact(), contact);
    } catch (RuntimeException e) {
      return b.contact().equals(contact);
    }
  }

  private Effect<AorEvent, AorState> carryOut(AorState state, UpdatePlan plan, ActorRef<UpdateResult> replyTo,
      long now) {
    if (plan.refusal() != null) {
      return Effect().reply(replyTo, plan.refusal());
    }
    unwritten |= !plan.inMemory().isEmpty();
    List<Binding> before = state.active(now);
    if (plan.events().isEmpty()) {
      plan.inMemory().forEach(b -> state.refreshInMemory(b.ref(), b));
      return Effect().reply(replyTo, settled(before, state, now));
    }
    return Effect().persist(plan.events())
        .thenReply(replyTo, next -> {
          plan.inMemory().forEach(b -> next.refreshInMemory(b.ref(), b));
          return settled(before, next, now);
        });
  }

  /**
   * The answer to a change once it is carried out. Before it goes, the nodes' cached lookups of
   * this AOR are dropped when the change is one they cannot see for themselves
   * ({@link BindingsCache#outdates}).
   */
  private UpdateResult settled(List<Binding> before, AorState after, long now) {
    List<Binding> active = after.active(now);
    if (BindingsCache.outdates(before, active)) {
      cache.changed(aor);
    }
    afterChange(after);
    return new UpdateResult.Updated(active);
  }

  private Effect<AorEvent, AorState> onExpiryDue(AorState state) {
    armedFor = Long.MAX_VALUE;
    List<AorEvent> expired = UpdatePlan.expired(state, clock.millis());
    if (expired.isEmpty()) {
      afterChange(state);
      return Effect().none();
    }
    return Effect().persist(expired).thenRun(this::afterChange);
  }

  /**
   * Parks the entity once nobody has asked for it for {@code passivate-idle-after}: what it
   * holds only in memory is written first, then its next expiry goes to the index.
   */
  private Effect<AorEvent, AorState> onIdleCheck(AorState state) {
    if (index == null || state.isEmpty() || passivating) {
      return Effect().none();
    }
    long idle = settings.passivateIdleAfter().toMillis();
    long quiet = clock.millis() - lastAsked;
    if (lastAsked != 0 && quiet < idle) {
      timers.startSingleTimer(IDLE_TIMER, IdleCheck.INSTANCE, Duration.ofMillis(idle - quiet));
      return Effect().none();
    }
    // What the journal does not hold (refreshes within their lease) stays with the node when it
    // keeps the state (the next recovery here starts from it), and is written only when it does not.
    boolean written = !unwritten && state.allLeasesExact();
    if (ParkedAors.get(context.getSystem()).park(aor, lastSequenceNumber(context), state) || written) {
      park(state);
      return Effect().none();
    }
    return Effect().persist(new AorEvent.BindingsCheckpointed(state.checkpoint())).thenRun(this::park);
  }

  private void park(AorState state) {
    unwritten = false;
    if (state.isEmpty()) {
      afterChange(state);
      return;
    }
    parked = true;
    timers.cancel(EXPIRY_TIMER);
    armedFor = Long.MAX_VALUE;
    recount(0); // the index counts them while the entity is parked
    index.tell(new AorExpiryIndex.Track(aor, state.earliestExpiry(), state.size()));
    passivate();
  }

  /** A request for this AOR: it stays in memory, and does not park. */
  private void asked() {
    lastAsked = clock.millis();
    if (parked) {
      // asked after it parked, before its stop: the stop restarts it (onStop), and its recovery
      // takes its expiry back from the index
      parked = false;
    }
  }

  private Effect<AorEvent, AorState> onStop(AorState state) {
    if (parked) {
      return Effect().stop(); // its NATed bindings stay with the pinger while it is parked
    }
    tellNated(List.of()); // a rebalance: the entity starts again where the shard goes, and tells that node
    // A request that came after it parked may have changed it in memory: what it parked with is
    // out of date, and the next recovery falls back to the journal's leases.
    ParkedAors.get(context.getSystem()).forget(aor);
    if (!state.isEmpty() && sharded != null
        && CoordinatedShutdown.get(context.getSystem()).getShutdownReason().isEmpty()) {
      // Stopped with live bindings (a rebalance, or a REGISTER that raced the passivation):
      // start again wherever the shard is next; sharding holds the message until this actor is
      // gone. Not while this node shuts down: its region is going too, and the sweep of
      // AorWaker after the member is removed starts the entity elsewhere.
      entityRef(ClusterSharding.get(context.getSystem()), aor).tell(Wake.INSTANCE);
    }
    return Effect().stop();
  }

  /**
   * RFC 3261 §10.2.1 soft state across a failover: the true expiry of a refresh that was not
   * written is lost, so each binding lives until its lease; unless the AOR recovered from what it
   * parked with on this node, which holds the true expiries ({@link AorState#expiriesKept()}).
   */
  private void onRecovered(AorState state) {
    for (int i = 0; i < state.size() && !state.expiriesKept(); i++) {
      Binding b = state.get(i);
      if (b.expiresAt() < b.leaseUntil()) {
        state.refreshInMemory(b.ref(), b.withExpiresAt(b.leaseUntil()));
      }
    }
    // what it parked with here may hold what the journal does not: written if it parks without
    unwritten = state.expiriesKept();
    if (index != null) {
      index.tell(new AorExpiryIndex.Untrack(aor)); // its own timer runs now
      timers.startSingleTimer(IDLE_TIMER, IdleCheck.INSTANCE, FIRST_IDLE_CHECK);
    }
    recount(state.size());
    if (state.isEmpty()) {
      // The commands that started the entity are stashed and run before this message: a
      // REGISTER that adds a binding keeps it alive, a lookup of an unregistered AOR does not.
      context.getSelf().tell(PassivateIfEmpty.INSTANCE);
    } else {
      afterChange(state);
    }
  }

  /**
   * A binding that no longer answers its keepalives is removed, as one whose time ran out
   * (issue 13; OpenSIPS's {@code max_pings_lost}): its UA is gone or its pinhole closed, and a
   * call to it would only time out.
   */
  private Effect<AorEvent, AorState> onKeepalivesUnanswered(AorState state, KeepalivesUnanswered c) {
    int i = state.indexOf(c.binding());
    Binding b = i < 0 ? null : state.get(i);
    if (b == null || b.cseq() != c.cseq() || !java.util.Objects.equals(b.flowId(), c.flowId())) {
      afterChange(state); // tells the pinger what the binding is now
      return Effect().none();
    }
    log.info("{}: {} removed, {} keepalives in a row unanswered", aor, b.contact(), c.missed());
    return Effect().persist(new AorEvent.BindingExpired(c.binding(), c.missed() + " keepalives unanswered"))
        .thenRun(next -> {
          cache.changed(aor);
          afterChange(next);
        });
  }

  private void afterChange(AorState state) {
    recount(state.size());
    tellNated(state.isEmpty() ? List.of() : natedOf(state));
    if (state.isEmpty()) {
      timers.cancel(EXPIRY_TIMER);
      armedFor = Long.MAX_VALUE;
      passivate();
      return;
    }
    passivating = false;
    long earliest = state.earliestExpiry();
    if (earliest == armedFor) {
      return;
    }
    armedFor = earliest;
    long delay = Math.min(earliest - clock.millis(), MAX_TIMER_MILLIS);
    if (delay <= 0) {
      timers.cancel(EXPIRY_TIMER);
      context.getSelf().tell(ExpiryDue.INSTANCE);
    } else {
      timers.startSingleTimer(EXPIRY_TIMER, ExpiryDue.INSTANCE, Duration.ofMillis(delay));
    }
  }

  /** The bindings whose REGISTER came from behind a NAT ({@code parley.nat.detect}) through a known flow. */
  private static List<Binding> natedOf(AorState state) {
    List<Binding> nated = null;
    for (int i = 0; i < state.size(); i++) {
      Binding b = state.get(i);
      if (Boolean.TRUE.equals(b.behindNat()) && b.flowId() != null && b.received() != null) {
        if (nated == null) {
          nated = new java.util.ArrayList<>(2);
        }
        nated.add(b);
      }
    }
    return nated == null ? List.of() : nated;
  }

  private void tellNated(List<Binding> bindings) {
    if (!bindings.isEmpty() || toldNated) {
      nated.changed(aor, bindings);
      toldNated = !bindings.isEmpty();
    }
  }

  /** Sets this entity's share of the node's {@link RegisteredContacts} to {@code bindings}. */
  private void recount(int bindings) {
    registered.runningChanged(bindings - counted);
    counted = bindings;
  }

  private void passivate() {
    if (sharded != null && !passivating) {
      passivating = true;
      sharded.getShard().tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
  }
}
