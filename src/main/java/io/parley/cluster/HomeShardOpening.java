package io.parley.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Allocates a node's home shards ({@link HomeShards}) before it takes traffic. Sharding
 * allocates a shard on its first message ({@link ShardOpening}). A node that has just
 * started and meets a storm (every phone registering again after an outage) met it with its home
 * unallocated: the coordinator's writes waited behind the storm on every node, and the region's
 * buffer filled and dropped (bench/RESULTS.md, the whole cluster restarted). So each home shard
 * is started, with an entity no SIP message can name ({@link HomeShards#openers}), as soon as
 * the node is up, and the node reports ready only after that.
 */
public final class HomeShardOpening {
  private HomeShardOpening() {}

  /**
   * Starts an opener entity in each shard of {@code home} through {@code region} (a call entity
   * region, whose entity factory stops openers at once); done when every shard has answered.
   */
  public static CompletionStage<Done> open(ActorRef<?> region, String home, Executor executor) {
    return ShardOpening.open(region, HomeShards.openers(home), executor);
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
