package io.parley.transaction;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A transaction state machine as a typed actor: the CallEntity's child per transaction
 * (DESIGN.md, Actors). The machine's timers are actor timers keyed by {@link TimerName}; what it
 * sends and passes up goes straight to the functions given at creation, on this actor's thread,
 * so the wrapper adds no thread hand-off of its own. The parent hears
 * {@link TransactionTimedOut}, {@link TransactionTransportFailed} and finally
 * {@link TransactionTerminated}, after which the actor has stopped.
 */
public final class TransactionActor {

  private TransactionActor() {}

  /** What the caller tells a transaction, having matched a message to it (RFC 3261 §17.1.3, §17.2.3). */
  public sealed interface Command<M> permits RequestRetransmitted, ResponseReceived, TuResponded,
      AckReceived, TransportFailed, GetState, TimerFired {}

  /** The request of a server transaction arrived again. */
  public record RequestRetransmitted<M>() implements Command<M> {}

  /** A response for a client transaction arrived; {@code status} is 100–699. */
  public record ResponseReceived<M>(int status, M response) implements Command<M> {}

  /** The TU answers the request of a server transaction; {@code status} is 100–699. */
  public record TuResponded<M>(int status, M response) implements Command<M> {}

  /** An ACK matched a server INVITE transaction. */
  public record AckReceived<M>(M ack) implements Command<M> {}

  /** The transport could not send a message of this transaction. */
  public record TransportFailed<M>() implements Command<M> {}

  /**
   * Asks for the machine's state (e.g. {@link ClientInviteTransaction.State#PROCEEDING}): for
   * inspection, and for tests that must know a command was handled before time moves on.
   */
  public record GetState<M>(ActorRef<Enum<?>> replyTo) implements Command<M> {}

  /** A machine timer fired: sent by this actor's timers only. */
  record TimerFired<M>(TimerName timer) implements Command<M> {}

  /** What the parent hears of its transaction. */
  public sealed interface Event permits TransactionTimedOut, TransactionTransportFailed,
      TransactionLingering, TransactionTerminated {}

  /**
   * Timer B or F (a client transaction: act as on a 408, RFC 3261 §8.1.3.1, §16.7) or Timer H
   * (a server INVITE transaction never got its ACK, RFC 3261 §17.2.1).
   */
  public record TransactionTimedOut(TimerName timer) implements Event {}

  /** A send failed (RFC 3261 §17.1.4, §17.2.4): fail over to the next destination (RFC 3263). */
  public record TransactionTransportFailed() implements Event {}

  /**
   * The machine now only waits out its last timer, doing what {@code lingering} says (a
   * {@link Lingering} of the transaction's message type): the parent may keep that and stop the
   * actor. Told once, and never after {@link TransactionTerminated}.
   */
  public record TransactionLingering(Lingering<?> lingering) implements Event {}

  /** The transaction ended and its actor stopped. */
  public record TransactionTerminated() implements Event {}

  /**
   * A transaction whose events the parent receives as they are.
   *
   * @see #create(Function, Consumer, Consumer, ActorRef, Function)
   */
  public static <M> Behavior<Command<M>> create(
      Function<TransactionOutput<M>, ? extends TransactionMachine<M>> machine,
      Consumer<? super M> transport, Consumer<? super M> transactionUser, ActorRef<Event> parent) {
    return create(machine, transport, transactionUser, parent, Function.identity());
  }

  /**
   * A transaction that starts its machine at once (a client transaction sends its request).
   *
   * @param machine builds the machine around the output port the actor provides, e.g.
   *     {@code out -> new ClientInviteTransaction<>(invite, false, timers, RFC_6026, acks, out)}
   * @param transport sends a message; called on this actor's thread
   * @param transactionUser receives what the machine passes up; called on this actor's thread,
   *     so it must be safe there (e.g. a {@code tell} to the CallEntity)
   * @param parent hears the events, wrapped by {@code adapter} — which can add the key the
   *     parent knows this transaction by, as one message adapter per class could not
   */
  public static <M, T> Behavior<Command<M>> create(
      Function<TransactionOutput<M>, ? extends TransactionMachine<M>> machine,
      Consumer<? super M> transport, Consumer<? super M> transactionUser, ActorRef<T> parent,
      Function<? super Event, ? extends T> adapter) {
    return create(machine, transport, transactionUser, parent, adapter, new TransactionStats());
  }

  /**
   * As {@link #create(Function, Consumer, Consumer, ActorRef, Function)}, counted in the node's
   * {@code stats}: live while the actor runs, its absorbed and sent retransmissions, and for a
   * server INVITE transaction the time to its first response.
   */
  public static <M, T> Behavior<Command<M>> create(
      Function<TransactionOutput<M>, ? extends TransactionMachine<M>> machine,
      Consumer<? super M> transport, Consumer<? super M> transactionUser, ActorRef<T> parent,
      Function<? super Event, ? extends T> adapter, TransactionStats stats) {
    return create(machine, transport, transactionUser, parent, adapter, stats, 0);
  }

  /**
   * As above, a server INVITE transaction's first response timed from {@code receivedNanos}
   * ({@link System#nanoTime()} when its request arrived at the node; 0: from the actor's start),
   * so the time the request waited before the transaction existed counts too.
   */
  public static <M, T> Behavior<Command<M>> create(
      Function<TransactionOutput<M>, ? extends TransactionMachine<M>> machine,
      Consumer<? super M> transport, Consumer<? super M> transactionUser, ActorRef<T> parent,
      Function<? super Event, ? extends T> adapter, TransactionStats stats, long receivedNanos) {
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(transactionUser, "transactionUser");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(adapter, "adapter");
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      Port<M, T> port = new Port<>(timers, transport, transactionUser, parent, adapter);
      TransactionMachine<M> running = Objects.requireNonNull(machine.apply(port), "machine");
      stats.started.increment();
      stats.live.increment(); // and down again at PostStop, however the actor ends
      if (running instanceof ServerInviteTransaction<M>) {
        port.timeFirstSend(stats, receivedNanos != 0 ? receivedNanos : System.nanoTime());
      }
      running.start();
      if (running.isTerminated()) {
        stats.live.decrement(); // stopped before a behavior with a PostStop handler ran
        return Behaviors.stopped();
      }
      return new Running<>(context, running, port, stats).behavior();
    }));
  }

  /** Dispatches commands to the machine and stops the actor when the machine terminates. */
  private static final class Running<M> {
    private final ActorContext<Command<M>> context;
    private final TransactionMachine<M> machine;
    private final Port<M, ?> port;
    private final TransactionStats stats;
    private boolean lingeringTold;

    Running(ActorContext<Command<M>> context, TransactionMachine<M> machine, Port<M, ?> port,
        TransactionStats stats) {
      this.context = context;
      this.machine = machine;
      this.port = port;
      this.stats = stats;
    }

    Behavior<Command<M>> behavior() {
      return BehaviorBuilder.<Command<M>>create()
          .onAnyMessage(this::onCommand)
          .onSignal(PostStop.class, stopped -> {
            stats.live.decrement();
            return Behaviors.same();
          })
          .build();
    }

    private Behavior<Command<M>> onCommand(Command<M> command) {
      if (command instanceof TimerFired<M> fired) {
        onTimer(fired.timer());
      } else if (command instanceof ResponseReceived<M> received) {
        onResponseReceived(received);
      } else if (command instanceof TuResponded<M> responded) {
        onTuResponded(responded);
      } else if (command instanceof RequestRetransmitted<M>) {
        onRequestRetransmitted();
      } else if (command instanceof AckReceived<M> ack) {
        onAckReceived(ack);
      } else if (command instanceof TransportFailed<M>) {
        machine.onTransportError();
      } else if (command instanceof GetState<M> get) {
        get.replyTo().tell(machine.state());
      }
      if (machine.isTerminated()) {
        return Behaviors.stopped();
      }
      if (!lingeringTold) {
        Lingering<M> lingering = machine.lingering();
        if (lingering != null) {
          lingeringTold = true;
          port.lingering(lingering);
        }
      }
      return Behaviors.same();
    }

    /** RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1: what Timers A, E and G send is a retransmission. */
    private void onTimer(TimerName timer) {
      long before = port.sends;
      machine.onTimer(timer);
      if (timer == TimerName.A || timer == TimerName.E || timer == TimerName.G) {
        stats.retransmissionsSent.add(port.sends - before);
      }
    }

    private void onResponseReceived(ResponseReceived<M> received) {
      if (machine instanceof ClientTransaction<M> client) {
        client.onResponse(received.status(), received.response());
      } else {
        misdirected(received);
      }
    }

    private void onTuResponded(TuResponded<M> responded) {
      if (machine instanceof ServerTransaction<M> server) {
        server.onTuResponse(responded.status(), responded.response());
      } else {
        misdirected(responded);
      }
    }

    private void onRequestRetransmitted() {
      if (machine instanceof ServerTransaction<M> server) {
        stats.retransmissionsAbsorbed.increment();
        server.onRequestRetransmission();
      } else {
        misdirected(new RequestRetransmitted<M>());
      }
    }

    private void onAckReceived(AckReceived<M> ack) {
      if (machine instanceof ServerInviteTransaction<M> invite) {
        invite.onAck(ack.ack());
      } else {
        misdirected(ack);
      }
    }

    /** A caller's mistake, not the network's: worth a warning, not a crash of the transaction. */
    private void misdirected(Command<M> command) {
      context.getLog().warn("{} does not apply to a {}; ignored",
          command.getClass().getSimpleName(), machine.getClass().getSimpleName());
    }
  }

  /** The machine's output port: the given functions, actor timers and the parent. */
  private static final class Port<M, T> implements TransactionOutput<M> {
    private final TimerScheduler<Command<M>> timers;
    private final Consumer<? super M> transport;
    private final Consumer<? super M> transactionUser;
    private final ActorRef<T> parent;
    private final Function<? super Event, ? extends T> adapter;

    Port(TimerScheduler<Command<M>> timers, Consumer<? super M> transport,
        Consumer<? super M> transactionUser, ActorRef<T> parent,
        Function<? super Event, ? extends T> adapter) {
      this.timers = timers;
      this.transport = transport;
      this.transactionUser = transactionUser;
      this.parent = parent;
      this.adapter = adapter;
    }

    /** What this transaction has sent; read around a timer to count its retransmissions. */
    long sends;
    /** Where the first send of a server INVITE transaction is timed; null once timed, or never. */
    private TransactionStats timing;
    private long startedNanos;

    void timeFirstSend(TransactionStats stats, long startedNanos) {
      this.timing = stats;
      this.startedNanos = startedNanos;
    }

    @Override
    public void send(M message) {
      sends++;
      if (timing != null) {
        timing.firstResponseSent(System.nanoTime() - startedNanos);
        timing = null;
      }
      transport.accept(message);
    }

    @Override
    public void passToTu(M message) {
      transactionUser.accept(message);
    }

    @Override
    public void startTimer(TimerName timer, Duration delay) {
      timers.startSingleTimer(timer, new TimerFired<>(timer), delay);
    }

    @Override
    public void cancelTimer(TimerName timer) {
      timers.cancel(timer);
    }

    @Override
    public void timedOut(TimerName timer) {
      parent.tell(adapter.apply(new TransactionTimedOut(timer)));
    }

    @Override
    public void transportFailed() {
      parent.tell(adapter.apply(new TransactionTransportFailed()));
    }

    void lingering(Lingering<M> lingering) {
      parent.tell(adapter.apply(new TransactionLingering(lingering)));
    }

    @Override
    public void terminated() {
      parent.tell(adapter.apply(new TransactionTerminated()));
    }
  }
}
