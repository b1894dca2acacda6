package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.SubscriberCache;
import io.parley.auth.SubscriberRepository;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The routes bound on their own, without a node: what they answer before the node provided its
 * services, and on a read-only management server.
 */
class SubscriberRoutesReadOnlyTest {
  private RoutesWithoutNode routes;

  @AfterEach
  void stop() throws Exception {
    if (routes != null) {
      routes.close();
    }
  }

  /** Routes in an actor system whose parley.management.read-only is {@code readOnly}. */
  private void start(boolean readOnly) {
    routes = new RoutesWithoutNode("routes", readOnly);
  }

  private String bind() throws Exception {
    return routes.bind(SubscriberRoutes::new);
  }

  private HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
    return routes.send(base, method, path, body);
  }

  @Test
  void beforeTheNodeProvidesProvisioningTheRoutesAnswer503() throws Exception {
    start(false);
    String base = bind();
    HttpResponse<String> r = send(base, "GET", "/subscribers", null);
    assertEquals(503, r.statusCode(), r.body());
    assertTrue(r.body().contains("not running yet"), r.body());
  }

  @Test
  void aReadOnlyServerReadsButRefusesEveryWrite() throws Exception {
    start(true);
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:ro-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").load().migrate();
    SubscriberRepository repository = new SubscriberRepository(ds, Clock.systemUTC());
    repository.add("alice", "example.com", "pw");
    AdminServices.get(routes.system).provide(
        new SubscriberProvisioning(repository, new SubscriberCache(repository), Set.of("example.com")::contains));
    String base = bind();

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
