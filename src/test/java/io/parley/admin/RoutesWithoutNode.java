package io.parley.admin;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/** Management routes bound on 127.0.0.1 in an actor system of their own, without a node, and a client. */
final class RoutesWithoutNode implements AutoCloseable {
  final ActorSystem system;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Routes that may write ({@code parley.management.read-only = false}). */
  RoutesWithoutNode(String name) {
    this(name, false);
  }

  /** @param readOnly {@code parley.management.read-only} of the actor system */
  RoutesWithoutNode(String name, boolean readOnly) {
    system = ActorSystem.create(name + "-" + UUID.randomUUID().toString().substring(0, 8),
        ConfigFactory.parseString("parley.management.read-only = " + readOnly).withFallback(ConfigFactory.load()));
  }

  /**
   * Binds the routes {@code provider} builds as Pekko Management would in a node, whose Pekko
   * read-only flag is on (parley.management.cluster-write-routes off); the base URL.
   */
  String bind(Function<ExtendedActorSystem, ManagementRouteProvider> provider) throws Exception {
    var settings = ManagementRouteProviderSettings.create(Uri.create("http://127.0.0.1")).withReadOnly(true);
    return bind(provider.apply((ExtendedActorSystem) system).routes(settings));
  }

  /** Binds {@code route} on 127.0.0.1; the base URL. */
  String bind(Route route) throws Exception {
    ServerBinding b = Http.get(system).newServerAt("127.0.0.1", 0).bind(route).toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + b.localAddress().getPort();
  }

  HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
