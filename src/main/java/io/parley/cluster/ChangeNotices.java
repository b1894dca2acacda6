package io.parley.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.dispatch.ExecutionContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change notices over the cluster: a node that changed cached data publishes a small notice on a
 * Pekko distributed pub-sub {@link Topic}, and every node that subscribed (the sender too)
 * hands it to its {@code reload} on the {@code executor} (a dispatcher for blocking work: a
 * reload reads the database, never on an actor's thread). So a change made through any node
 * holds on every node within a network round trip and a database read (DESIGN.md, Cluster).
 *
 * <p>Pub-sub is at most once: a notice sent while a node is unreachable is lost, and so was one
 * sent in a node's first seconds, before the topic registry (gossiped) named the others' topics.
 * So a notice is sent again, every {@link #RESEND_AFTER} for at most {@link #MAX_SENDS} sends,
 * while this node's topic knows fewer topics than the cluster has members up
 * (ClusterProcessesPostgresTest saw subscribers added through a node that had just started
 * refused by the others). The caches' periodic full re-read stays as the safety net, and a node
 * reads everything when it starts. Notices only name what changed, so a reload must re-read it
 * and be harmless when repeated.
 *
 * <p>Counters: notices sent (not counting the resends) and received, reloads failed ({@link
 * #stats()}).
 *
 * @param <T> the notice type; it must have a serializer binding (CborSerializable)
 */
public final class ChangeNotices<T> {
  private static final Logger log = LoggerFactory.getLogger(ChangeNotices.class);

  private final ActorRef<Topic.Command<T>> topic;
  private final Consumer<? super T> reload;
  private final Executor executor;
  private final Scheduler scheduler;
  private final LongAdder sent = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder reloadsFailed = new LongAdder();
  private final IntSupplier membersUp;
  static final Duration RESEND_AFTER = Duration.ofSeconds(1);
  static final int MAX_SENDS = 10;
  private static final Duration REACH_TIMEOUT = Duration.ofSeconds(3);

  /** Counters since start. */
  public record Stats(long sent, long received, long reloadsFailed) {}

  private ChangeNotices(ActorRef<Topic.Command<T>> topic, Consumer<? super T> reload, Executor executor,
      Scheduler scheduler, IntSupplier membersUp) {
    this.membersUp = membersUp;
    this.topic = topic;
    this.scheduler = scheduler;
    this.reload = reload;
    this.executor = executor;
  }

  /**
   * Starts the topic {@code name} on this node and subscribes {@code reload} to it.
   *
   * @param type the class of the notices (a sealed interface is fine: the topic is keyed by it)
   * @param name the topic's name, the same on every node; also names the node's two actors
   * @param reload what a notice makes this node do; blocking allowed, run on {@code executor}
   * @param executor where {@code reload} runs: the dispatcher for blocking work
   */
  public static <T> ChangeNotices<T> start(ActorSystem<?> system, Class<T> type, String name,
      Consumer<? super T> reload, Executor executor) {
    return start(system, type, name, reload, executor, membersUp(system));
  }

  /** {@link #start}, with how many members are up counted by {@code membersUp}. */
  static <T> ChangeNotices<T> start(ActorSystem<?> system, Class<T> type, String name,
      Consumer<? super T> reload, Executor executor, IntSupplier membersUp) {
    Objects.requireNonNull(reload, "reload");
    Objects.requireNonNull(executor, "executor");
    ActorRef<Topic.Command<T>> topic = system.systemActorOf(Topic.create(type, name), name + "-topic", Props.empty());
    ChangeNotices<T> notices = new ChangeNotices<>(topic, reload, executor, system.scheduler(), membersUp);
    system.systemActorOf(NoticeListener.create(type, topic, notices::onNotice), name + "-listener", Props.empty());
    return notices;
  }

  /** The members up (or weakly up) now; 1 without a cluster (a local actor system, in tests). */
  private static IntSupplier membersUp(ActorSystem<?> system) {
    if (!"cluster".equals(system.settings().config().getString("pekko.actor.provider"))) {
      return () -> 1;
    }
    Cluster cluster = Cluster.get(system);
    return () -> {
      int up = 0;
      for (Member m : cluster.state().getMembers()) {
        if (m.status() == MemberStatus.up() || m.status() == MemberStatus.weaklyUp()) {
          up++;
        }
      }
      return up;
    };
  }

  /** Tells every node of the cluster, this one included, of {@code notice}. Does not block. */
  public void publish(T notice) {
    Objects.requireNonNull(notice, "notice");
    sent.increment();
    send(notice, 1);
  }

  /**
   * Asks the topic how many nodes it knows first, then sends: a topic learned of after the send
   * would be counted without having had the notice.
   */
  private void send(T notice, int sends) {
    reach(REACH_TIMEOUT).whenCompleteAsync((reach, failure) -> {
      topic.tell(Topic.publish(notice));
      boolean everyone = failure == null && reach.nodes() >= membersUp.getAsInt();
      if (!everyone && sends < MAX_SENDS) {
        scheduler.scheduleOnce(RESEND_AFTER, () -> send(notice, sends + 1), ExecutionContexts.fromExecutor(executor));
      }
    }, executor);
  }

  /**
   * Who a notice published now would reach: this node's subscribers (1 once the listener has
   * subscribed) and the topic's instances this node knows of, one a node, this one included.
   */
  public record Reach(int localSubscribers, int nodes) {}

  /** {@link Reach} now, as the topic sees it. */
  public CompletionStage<Reach> reach(Duration timeout) {
    CompletionStage<Topic.TopicStats> stats = AskPattern.ask(topic,
        replyTo -> Topic.<T>getTopicStats(replyTo), timeout, scheduler);
    return stats.thenApplyAsync(s -> new Reach(s.localSubscriberCount(), s.topicInstanceCount()), executor);
  }

  public Stats stats() {
    return new Stats(sent.sum(), received.sum(), reloadsFailed.sum());
  }

  /** On the listener's thread: counts, and hands the reload to the executor. */
  private void onNotice(T notice) {
    received.increment();
    try {
      executor.execute(() -> {
        try {
          reload.accept(notice);
        } catch (RuntimeException e) {
          reloadsFailed.increment();
          log.warn("reload after {} failed, the periodic re-read will catch up: {}", notice, e.toString());
        }
      });
    } catch (RejectedExecutionException e) {
      // the node is stopping
      reloadsFailed.increment();
    }
  }
}
