package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registration routes bound on their own, without a node: before the node provides them, and read-only. */
class RegistrationRoutesReadOnlyTest {
  private RoutesWithoutNode routes;

  @AfterEach
  void stop() throws Exception {
    if (routes != null) {
      routes.close();
    }
  }

  @Test
  void beforeTheNodeProvidesThemTheRoutesAnswer503() throws Exception {
    routes = new RoutesWithoutNode("registrations", false);
    String base = routes.bind(RegistrationRoutes::new);
    for (String[] c : new String[][] {{"GET", "/registrations/alice@example.com"}, {"GET", "/registrations"},
        {"DELETE", "/registrations/alice@example.com"}}) {
      HttpResponse<String> r = routes.send(base, c[0], c[1], null);
      assertEquals(503, r.statusCode(), r.body());
      assertTrue(r.body().contains("the location service is not running yet"), r.body());
    }
  }

  @Test
  void aReadOnlyServerRefusesARemoval() throws Exception {
    routes = new RoutesWithoutNode("registrations", true);
    HttpResponse<String> r = routes.send(routes.bind(RegistrationRoutes::new), "DELETE",
        "/registrations/alice@example.com?contact=sip:alice@127.0.0.1", null);
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains("read-only"), r.body());
  }

  @Test
  void aContactIsReadAsOperatorsPasteIt() {
    assertEquals("sip:a@127.0.0.1:5060", RegistrationRoutes.contact(" <sip:a@127.0.0.1:5060> "));
    assertEquals("sip:a@127.0.0.1", RegistrationRoutes.contact("sip:a@127.0.0.1"));
    for (String bad : new String[] {"", "<>", "a@127.0.0.1", ":x"}) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> RegistrationRoutes.contact(bad));
      assertTrue(e.getMessage().contains("is not a URI"), e.getMessage());
    }
    assertEquals(1, RegistrationRoutes.limit("1"));
    assertEquals(RegistrationRoutes.MAX_LIMIT, RegistrationRoutes.limit(String.valueOf(RegistrationRoutes.MAX_LIMIT)));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> RegistrationRoutes.limit("-1"));
  }
}
