package io.parley.cluster;

import io.parley.common.TimeoutRetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;

/**
 * Allocates a node's home shards ({@link HomeShards}) before it takes traffic. Sharding
 * allocates a shard on its first message, through the coordinator, with a write that every node
 * acknowledges; until then the shard's messages wait in the region's buffer. A node that has just
 * started and meets a storm (every phone registering again after an outage) met it with its home
 * unallocated: the coordinator's writes waited behind the storm on every node, and the region's
 * buffer filled and dropped (bench/RESULTS.md, the whole cluster restarted). So each home shard
 * is started, with an entity no SIP message can name ({@link HomeShards#openers}), as soon as
 * the node is up, and the node reports ready only after that.
 */
public final class HomeShardOpening {
  /** How long each attempt may take: a coordinator that has just moved may take a few seconds. */
  static final List<Duration> TIMEOUTS = timeouts();

  private HomeShardOpening() {}

  private static List<Duration> timeouts() {
    List<Duration> t = new ArrayList<>(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4)));
    for (int i = 0; i < 20; i++) {
      t.add(Duration.ofSeconds(8));
    }
    return List.copyOf(t);
  }

  /**
   * Starts an opener entity in each shard of {@code home} through {@code region} (a call entity
   * region, whose entity factory stops openers at once); done when every shard has answered.
   * Each start is asked again after a timeout, for about three minutes in all.
   */
  public static CompletionStage<Done> open(ActorRef<?> region, String home, Executor executor) {
    var classic = Adapter.toClassic(region);
    List<CompletableFuture<Object>> started = new ArrayList<>();
    for (String id : HomeShards.openers(home)) {
      started.add(TimeoutRetry.ask(timeout -> Patterns.ask(classic, new ShardRegion.StartEntity(id), timeout),
          TIMEOUTS, executor).toCompletableFuture());
    }
    return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
        .thenApplyAsync(all -> Done.getInstance(), executor);
  }

  /** {@link #open} once this node's member is up. */
  public static CompletionStage<Done> openWhenUp(ActorSystem<?> system, ActorRef<?> region, String home) {
    CompletableFuture<Done> done = new CompletableFuture<>();
    Executor executor = system.executionContext();
    org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() ->
        open(region, home, executor).whenCompleteAsync((d, failure) -> {
          if (failure == null) {
            done.complete(d);
          } else {
            done.completeExceptionally(failure);
          }
        }, executor));
    return done;
  }
}
