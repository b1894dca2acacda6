package io.parley.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.call.CallEntity;
import io.parley.location.AorEntity;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /shards}: where the cluster's calls ({@code Call}, by Call-ID) and registrations
 * ({@code Aor}, by address of record) live, from any node, mounted through
 * {@code pekko.management.http.routes.parley-shards} (reference.conf). Pekko's
 * {@code /cluster/shards/{name}} shows only the asked node's own region; this asks every region
 * of the cluster (ClusterSharding's {@code GetClusterShardingStats}):
 *
 * <pre>{@code
 * {"types":[{"type":"Call","shards":12,"entities":40,
 *            "regions":[{"node":"127.0.0.1:25521","shards":6,"entities":21,"failed":[]}, …]},
 *           {"type":"Aor", …}]}
 * }</pre>
 *
 * A region that did not answer within {@link #TIMEOUT} has its shards under {@code failed}. A
 * read: open unless {@code parley.management.token-for-reads}.
 */
public final class ShardRoutes extends AllDirectives implements ManagementRouteProvider {
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final List<EntityTypeKey<?>> TYPES = List.of(CallEntity.TYPE_KEY, AorEntity.TYPE_KEY);

  private final ActorSystem<?> system;
  private final Executor executor;

  /** Called by Pekko Management, which builds the providers named in its configuration. */
  public ShardRoutes(ExtendedActorSystem system) {
    this.system = Adapter.toTyped(system);
    this.executor = this.system.executionContext();
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return path("shards", () -> get(() -> completeWithFuture(answer())));
  }

  private CompletionStage<HttpResponse> answer() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode types = o.putArray("types");
    CompletableFuture<?>[] asks = TYPES.stream().map(key -> {
      ObjectNode type = types.addObject();
      type.put("type", key.name());
      return stats(key).thenAcceptAsync(s -> fill(type, s), executor).toCompletableFuture();
    }).toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(asks).handleAsync((done, e) -> e == null ? ProvisioningRoutes.json(200, o)
        : ProvisioningRoutes.json(503, Json.error("the shard regions did not answer in time; try again")), executor);
  }

  private CompletionStage<ShardRegion.ClusterShardingStats> stats(EntityTypeKey<?> key) {
    return AskPattern.<ClusterShardingQuery, ShardRegion.ClusterShardingStats>ask(ClusterSharding.get(system).shardState(),
        replyTo -> new GetClusterShardingStats(key, TIMEOUT, replyTo), TIMEOUT.plusSeconds(1), system.scheduler());
  }

  static void fill(ObjectNode type, ShardRegion.ClusterShardingStats stats) {
    ArrayNode regions = type.putArray("regions");
    long shards = 0;
    long entities = 0;
    List<Map.Entry<Address, ShardRegion.ShardRegionStats>> sorted = stats.getRegions().entrySet().stream()
        .sorted(Comparator.comparing(e -> e.getKey().toString())).toList();
    for (Map.Entry<Address, ShardRegion.ShardRegionStats> e : sorted) {
      Address a = e.getKey();
      long n = e.getValue().getStats().values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
      ObjectNode r = regions.addObject();
      r.put("node", a.host().isDefined() ? a.host().get() + ":" + a.port().get() : a.toString());
      r.put("shards", e.getValue().getStats().size());
      r.put("entities", n);
      ArrayNode failed = r.putArray("failed");
      new TreeSet<>(e.getValue().getFailed()).forEach(failed::add);
      shards += e.getValue().getStats().size();
      entities += n;
    }
    type.put("shards", shards);
    type.put("entities", entities);
  }
}
