package io.parley.admin;

import com.typesafe.config.Config;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.management.PekkoManagementSettings;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management HTTP server: every route Pekko Management builds from
 * {@code pekko.management.http.routes} (Pekko's cluster and health routes, Parley's
 * provisioning and metrics), bound here rather than by {@code PekkoManagement.start()} so that
 * one wrapper covers them all: the bearer token ({@link ManagementGuard}) and JSON for every
 * error ({@link JsonErrors}, {@link JsonParsingErrorHandler}). Pekko's routes get its read-only
 * flag from {@code parley.management.cluster-write-routes}: off, its cluster routes that change
 * the cluster are not mounted ({@code PUT/DELETE /cluster/members/{address}} answer 405). Pekko's
 * health routes ({@code GET /alive}, {@code /ready}) are among them, open to probes without the
 * token, a failed check answered 503 ({@link HealthAnswers}). Where
 * it binds, and its base path, are still Pekko's {@code pekko.management.http} settings.
 */
public final class ManagementServer {
  private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);

  private final ServerBinding binding;
  private final Uri uri;

  private ManagementServer(ServerBinding binding, Uri uri) {
    this.binding = binding;
    this.uri = uri;
  }

  /** Binds the server; the stage fails if the address cannot be bound. */
  public static CompletionStage<ManagementServer> start(ClassicActorSystemProvider system, ManagementSettings settings) {
    PekkoManagement management = PekkoManagement.get(system);
    PekkoManagementSettings pekko = management.settings();
    Route routes = management.getRoutes(s -> s.withReadOnly(!settings.clusterWriteRoutes()));
    Set<String> probes = probes(system, pekko);
    Route guarded = new JsonErrors(system).json(
        new ManagementGuard(settings, probes).guard(new HealthAnswers(probes).wrap(routes)));
    ServerSettings server = ServerSettings.create(system.classicSystem())
        .withParsingErrorHandler(JsonParsingErrorHandler.class.getName());
    if (settings.clusterWriteRoutes()) {
      log.warn("Pekko's cluster write routes are on (parley.management.cluster-write-routes): whoever may write "
          + "to the management port can down and remove members{}", settings.token().isPresent() ? ""
          : ", and no token is set");
    }
    String host = pekko.getHttpEffectiveBindHostname();
    return Http.get(system).newServerAt(host, pekko.getHttpEffectiveBindPort()).withSettings(server).bind(guarded)
        .thenApplyAsync(b -> {
          Uri self = Uri.create("http://127.0.0.1").host(pekko.getHttpHostname()).port(b.localAddress().getPort())
              .path(pekko.getBasePath().map(p -> "/" + p).orElse(""));
          log.info("management HTTP bound to {}:{}, {}", host, b.localAddress().getPort(),
              settings.token().isPresent() ? "writes need the token" + (settings.tokenForReads() ? ", reads too" : "")
                  : "no token (loopback only)");
          return new ManagementServer(b, self);
        }, system.classicSystem().dispatcher());
  }

  /** The paths of Pekko's health checks under the base path: {@code /alive}, {@code /ready}, {@code /startup}. */
  static Set<String> probes(ClassicActorSystemProvider system, PekkoManagementSettings pekko) {
    Config checks = system.classicSystem().settings().config().getConfig("pekko.management.health-checks");
    String base = pekko.getBasePath().map(p -> "/" + p).orElse("");
    Set<String> paths = new HashSet<>();
    for (String key : List.of("liveness-path", "readiness-path", "startup-path")) {
      paths.add(base + "/" + checks.getString(key));
    }
    return paths;
  }

  /** Where a client on this host reaches the server: Pekko's hostname, the bound port, the base path. */
  public Uri uri() {
    return uri;
  }

  /** Stops taking connections; those open finish their request. */
  public CompletionStage<Done> unbind() {
    return binding.unbind();
  }
}
