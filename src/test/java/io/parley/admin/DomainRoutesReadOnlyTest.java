package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DomainRepository;
import io.parley.common.ServedDomains;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
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

/** The domain routes bound on their own, without a node: before the node provides them, and read-only. */
class DomainRoutesReadOnlyTest {
  private final ActorSystem system = ActorSystem.create("domains-" + UUID.randomUUID().toString().substring(0, 8));
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private String bind(boolean readOnly) throws Exception {
    var settings = ManagementRouteProviderSettings.create(Uri.create("http://127.0.0.1")).withReadOnly(readOnly);
    var route = new DomainRoutes((ExtendedActorSystem) system).routes(settings);
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
    HttpResponse<String> r = send(bind(false), "GET", "/domains", null);
    assertEquals(503, r.statusCode(), r.body());
    assertTrue(r.body().contains("domain provisioning is not running yet"), r.body());
  }

  @Test
  void aReadOnlyServerListsButRefusesEveryWrite() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:ro-domains-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").load().migrate();
    DomainRepository repository = new DomainRepository(ds, Clock.systemUTC());
    repository.add("example.org");
    ServedDomains served = new ServedDomains(List.of("example.com"));
    AdminServices.get(system).provide(new DomainProvisioning(repository, served));
    String base = bind(true);

    HttpResponse<String> list = send(base, "GET", "/domains", null);
    assertEquals(200, list.statusCode(), list.body());
    assertTrue(list.body().contains("{\"name\":\"example.org\",\"source\":\"database\"}"), list.body());
    HttpResponse<String> post = send(base, "POST", "/domains", "{\"name\":\"example.net\"}");
    assertEquals(403, post.statusCode(), post.body());
    assertTrue(post.body().contains("read-only"), post.body());
    assertEquals(403, send(base, "DELETE", "/domains/example.org", null).statusCode());
    assertEquals(List.of("example.org"), repository.list());
  }
}
