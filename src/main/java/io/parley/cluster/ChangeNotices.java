package io.parley.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change notices over the cluster: a node that changed cached data publishes a small notice on a
 * Pekko distributed pub-sub {@link Topic}, and every node that subscribed (the sender too)
 * hands it to its {@code reload} on the {@code executor} (a dispatcher for blocking work: a
 * reload reads the database, never on an actor's thread). So a change made through any node
 * holds on every node within a network round trip and a database read (DESIGN.md, Cluster).
 *
 * <p>Pub-sub is at most once: a notice sent while a node is unreachable, or before the topic on a
 * node that just joined is known to the others, is lost. The caches' periodic full re-read stays
 * as the safety net for that, and a node reads everything when it starts. Notices only name what
 * changed, so a reload must re-read it and be harmless when repeated.
 *
 * <p>Counters: notices sent and received, reloads failed ({@link #stats()}).
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

  /** Counters since start. */
  public record Stats(long sent, long received, long reloadsFailed) {}

  private ChangeNotices(ActorRef<Topic.Command<T>> topic, Consumer<? super T> reload, Executor executor,
      Scheduler scheduler) {
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
    Objects.requireNonNull(reload, "reload");
    Objects.requireNonNull(executor, "executor");
    ActorRef<Topic.Command<T>> topic = system.systemActorOf(Topic.create(type, name), name + "-topic", Props.empty());
    ChangeNotices<T> notices = new ChangeNotices<>(topic, reload, executor, system.scheduler());
    system.systemActorOf(NoticeListener.create(type, topic, notices::onNotice), name + "-listener", Props.empty());
    return notices;
  }

  /** Tells every node of the cluster, this one included, of {@code notice}. Does not block. */
  public void publish(T notice) {
    topic.tell(Topic.publish(Objects.requireNonNull(notice, "notice")));
    sent.increment();
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
