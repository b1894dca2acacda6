package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.FailureGuard;
import io.parley.auth.FailureSettings;
import io.parley.auth.FloodGuard;
import io.parley.auth.FloodSettings;
import io.parley.auth.IpNetwork;
import io.parley.auth.TrustedPeerRepository;
import io.parley.auth.TrustedPeers;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The trusted-peer and ban routes bound on their own, without a node: before the node provides them, and read-only. */
class AccessRoutesReadOnlyTest {
  private RoutesWithoutNode routes;

  @AfterEach
  void stop() throws Exception {
    if (routes != null) {
      routes.close();
    }
  }

  @Test
  void beforeTheNodeProvidesThemTheRoutesAnswer503() throws Exception {
    routes = new RoutesWithoutNode("access", false);
    HttpResponse<String> peers = routes.send(routes.bind(TrustedPeerRoutes::new), "GET", "/trusted-peers", null);
    assertEquals(503, peers.statusCode(), peers.body());
    assertTrue(peers.body().contains("trusted-peer provisioning is not running yet"), peers.body());
    HttpResponse<String> bans = routes.send(routes.bind(BanRoutes::new), "GET", "/bans", null);
    assertEquals(503, bans.statusCode(), bans.body());
    assertTrue(bans.body().contains("the ban list is not running yet"), bans.body());
  }

  @Test
  void aReadOnlyServerListsButRefusesEveryWrite() throws Exception {
    routes = new RoutesWithoutNode("access", true);
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:ro-peers-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").load().migrate();
    TrustedPeerRepository repository = new TrustedPeerRepository(ds, Clock.systemUTC());
    repository.add(IpNetwork.parse("192.0.2.0/24"), "gw");
    TrustedPeers peers = new TrustedPeers(List.of(), repository::list);
    AdminServices.get(routes.system).provide(new TrustedPeerProvisioning(repository, peers));
    FloodGuard guard = new FloodGuard(FloodSettings.DEFAULT, Clock.systemUTC(), peers::isTrusted);
    InetAddress source = IpNetwork.parseAddress("198.51.100.1");
    while (guard.admit(source)) {
      // until banned
    }
    AdminServices.get(routes.system).provide(new NodeBans(guard,
        new FailureGuard(FailureSettings.DEFAULT, Clock.systemUTC())));
    String base = routes.bind(TrustedPeerRoutes::new);
    String bans = routes.bind(BanRoutes::new);

    HttpResponse<String> list = routes.send(base, "GET", "/trusted-peers", null);
    assertEquals(200, list.statusCode(), list.body());
    assertTrue(list.body().contains("{\"network\":\"192.0.2.0/24\",\"description\":\"gw\",\"source\":\"database\"}"),
        list.body());
    HttpResponse<String> post = routes.send(base, "POST", "/trusted-peers", "{\"network\":\"203.0.113.1\"}");
    assertEquals(403, post.statusCode(), post.body());
    assertTrue(post.body().contains("read-only"), post.body());
    assertEquals(403, routes.send(base, "DELETE", "/trusted-peers/192.0.2.0%2F24", null).statusCode());
    assertEquals(1, repository.list().size());

    HttpResponse<String> listed = routes.send(bans, "GET", "/bans", null);
    assertEquals(200, listed.statusCode());
    assertTrue(listed.body().contains("\"address\":\"198.51.100.1\",\"reason\":\"flood\""), listed.body());
    assertEquals(403, routes.send(bans, "DELETE", "/bans/198.51.100.1", null).statusCode());
    assertEquals(1, guard.bans().size());
  }
}
