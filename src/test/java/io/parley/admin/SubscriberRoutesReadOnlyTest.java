package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.SubscriberCache;
import io.parley.auth.SubscriberRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The routes bound on their own, without a node: what they answer before the node provided its
 * services, and on a read-only management server.
 */
class SubscriberRoutesReadOnlyTest {
  private final ActorSystem system = ActorSystem.create("routes-" + UUID.randomUUID().toString().substring(0, 8));
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private String bind(boolean readOnly) throws Exception {
    var settings = ManagementRouteProviderSettings.create(Uri.create("http://127.0.0.1")).withReadOnly(readOnly);
    var route = new SubscriberRoutes((ExtendedActorSystem) system).routes(settings);
    ServerBinding b = Http.get(system).newServerAt("127.0.0.1", 0).bind(route).toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + b.localAddress().getPort();
  }

  private HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void beforeTheNodeProvidesProvisioningTheRoutesAnswer503() throws Exception {
    String base = bind(false);
    HttpResponse<String> r = send(base, "GET", "/subscribers", null);
    assertEquals(503, r.statusCode(), r.body());
    assertTrue(r.body().contains("not running yet"), r.body());
  }

  @Test
  void aReadOnlyServerReadsButRefusesEveryWrite() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:ro-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").load().migrate();
    SubscriberRepository repository = new SubscriberRepository(ds, Clock.systemUTC());
    repository.add("alice", "example.com", "pw");
    AdminServices.get(system).provide(
        new SubscriberProvisioning(repository, new SubscriberCache(repository), Set.of("example.com")::contains));
    String base = bind(true);

    assertEquals(200, send(base, "GET", "/subscribers/alice@example.com", null).statusCode());
    HttpResponse<String> post = send(base, "POST", "/subscribers", "{\"aor\":\"bob@example.com\",\"password\":\"x\"}");
    assertEquals(403, post.statusCode(), post.body());
    assertTrue(post.body().contains("read-only"), post.body());
    assertEquals(403, send(base, "PUT", "/subscribers/alice@example.com", "{\"password\":\"x\"}").statusCode());
    assertEquals(403, send(base, "DELETE", "/subscribers/alice@example.com", null).statusCode());
    assertTrue(repository.find("alice", "example.com").isPresent());
    assertTrue(repository.find("bob", "example.com").isEmpty());
  }
}
