package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DomainRepository;
import io.parley.common.ServedDomains;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The domain routes bound on their own, without a node: before the node provides them, and read-only. */
class DomainRoutesReadOnlyTest {
  private RoutesWithoutNode routes;

  @AfterEach
  void stop() throws Exception {
    if (routes != null) {
      routes.close();
    }
  }

  /** Routes in an actor system whose parley.management.read-only is {@code readOnly}. */
  private void start(boolean readOnly) {
    routes = new RoutesWithoutNode("domains", readOnly);
  }

  private String bind() throws Exception {
    return routes.bind(DomainRoutes::new);
  }

  private HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
    return routes.send(base, method, path, body);
  }

  @Test
  void beforeTheNodeProvidesProvisioningTheRoutesAnswer503() throws Exception {
    start(false);
    HttpResponse<String> r = send(bind(), "GET", "/domains", null);
    assertEquals(503, r.statusCode(), r.body());
    assertTrue(r.body().contains("domain provisioning is not running yet"), r.body());
  }

  @Test
  void aReadOnlyServerListsButRefusesEveryWrite() throws Exception {
    start(true);
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:ro-domains-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").load().migrate();
    DomainRepository repository = new DomainRepository(ds, Clock.systemUTC());
    repository.add("example.org");
    ServedDomains served = new ServedDomains(List.of("example.com"));
    AdminServices.get(routes.system).provide(new DomainProvisioning(repository, served));
    String base = bind();

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
