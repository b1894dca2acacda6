package io.parley.cluster;

import io.parley.common.TimeoutRetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;

/**
 * Allocates shards before traffic needs them. Sharding allocates a shard on its first message,
 * through the coordinator, one shard after another, each with a write every node acknowledges;
 * meanwhile the shard's messages wait in the region's buffer. Under a storm of first messages on
 * cold nodes that took longer than a phone waits ("The ShardCoordinator was unable to update a
 * distributed state within 5000 millis", bench/RESULTS.md). So shards are opened ahead: each by
 * starting an entity whose id no request can name, which the entity type stops at once.
 */
public final class ShardOpening {
  /** How long each attempt may take: a coordinator that has just moved may take a few seconds. */
  static final List<Duration> TIMEOUTS = timeouts();

  private ShardOpening() {}

  private static List<Duration> timeouts() {
    List<Duration> t = new ArrayList<>(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4)));
    for (int i = 0; i < 20; i++) {
      t.add(Duration.ofSeconds(8));
    }
    return List.copyOf(t);
  }

  /**
   * Starts each of {@code openers} through {@code region}; done when every one's shard has
   * answered. Each start is asked again after a timeout, for about three minutes in all.
   */
  public static CompletionStage<Done> open(ActorRef<?> region, Collection<String> openers, Executor executor) {
    var classic = Adapter.toClassic(region);
    List<CompletableFuture<Object>> started = new ArrayList<>();
    for (String id : openers) {
      started.add(TimeoutRetry.ask(timeout -> Patterns.ask(classic, new ShardRegion.StartEntity(id), timeout),
          TIMEOUTS, executor).toCompletableFuture());
    }
    return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
        .thenApplyAsync(all -> Done.getInstance(), executor);
  }

  /**
   * Ids {@code prefix + n}, one in each of {@code shards} shards as sharding's default extractor
   * places them (the absolute hash code modulo the number of shards).
   */
  public static List<String> oneInEachShard(String prefix, int shards) {
    String[] ids = new String[shards];
    int found = 0;
    for (int n = 0; found < shards; n++) {
      String id = prefix + n;
      int shard = shardIndex(id, shards);
      if (ids[shard] == null) {
        ids[shard] = id;
        found++;
      }
    }
    return List.of(ids);
  }

  /** The shard sharding's default extractor puts {@code entityId} in, as its shard id. */
  public static String shardOf(String entityId, int shards) {
    return Integer.toString(shardIndex(entityId, shards));
  }

  private static int shardIndex(String entityId, int shards) {
    return Math.abs(entityId.hashCode() % shards);
  }
}
