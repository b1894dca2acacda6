package io.parley.admin;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /metrics}: the node's meters in the Prometheus text format (version 0.0.4), mounted
 * through {@code pekko.management.http.routes.parley-metrics} (reference.conf): the JVM's (heap,
 * GC, threads, CPU) and Parley's {@code parley_…} counters, from the registry the node hands over
 * in {@link AdminServices}; 503 until it has. A read: open unless
 * {@code parley.management.token-for-reads}.
 */
public final class MetricsRoutes extends AllDirectives implements ManagementRouteProvider {
  private final ExtendedActorSystem system;

  /** Called by Pekko Management, which builds the providers named in its configuration. */
  public MetricsRoutes(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    // a scrape walks the meters in memory: quick, and nothing in it blocks
    return path("metrics", () -> get(() -> extractRequest(r -> complete(scrape()))));
  }

  private HttpResponse scrape() {
    return AdminServices.get(system).metrics()
        .map(registry -> HttpResponse.create().withStatus(200)
            .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, registry.scrape())))
        .orElseGet(() -> ProvisioningRoutes.json(503, Json.error("metrics are not running yet; try again")));
  }
}
