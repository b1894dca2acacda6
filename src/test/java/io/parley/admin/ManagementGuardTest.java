package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The token check and the JSON errors around a route of their own, over real HTTP, without a node. */
class ManagementGuardTest extends AllDirectives {
  private static final String TOKEN = "guard-test-token-0123456789";
  private final RoutesWithoutNode routes = new RoutesWithoutNode("guard", false);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    routes.close();
  }

  private String bind(String hocon) throws Exception {
    ManagementSettings settings = ManagementSettings.from(ConfigLoader.layered(ConfigFactory.parseString(hocon)));
    Route inner = path("thing", () -> concat(get(() -> complete("read")), post(() -> complete("written"))));
    return routes.bind(new JsonErrors(routes.system).json(new ManagementGuard(settings).guard(inner)));
  }

  private HttpResponse<String> send(String base, String method, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/thing"))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutATokenEverythingIsOpen() throws Exception {
    String base = bind("parley.management.token = \"\"");
    assertEquals(200, send(base, "POST", null).statusCode());
    assertEquals(200, send(base, "GET", null).statusCode());
  }

  @Test
  void byDefaultTheTokenGuardsWritesOnly() throws Exception {
    String base = bind("parley.management.token = \"" + TOKEN + "\"");
    assertEquals(200, send(base, "GET", null).statusCode());
    HttpResponse<String> refused = send(base, "POST", null);
    assertEquals(401, refused.statusCode());
    assertEquals("application/json", refused.headers().firstValue("content-type").orElseThrow());
    assertEquals("written", send(base, "POST", TOKEN).body());
    // a method the route does not know needs the token before it learns so
    assertEquals(401, send(base, "DELETE", null).statusCode());
    HttpResponse<String> notAllowed = send(base, "DELETE", TOKEN);
    assertEquals(405, notAllowed.statusCode());
    assertTrue(notAllowed.body().startsWith("{\"error\":"), notAllowed.body());
  }

  @Test
  void tokenForReadsGuardsReadsToo() throws Exception {
    String base = bind("parley.management.token = \"" + TOKEN + "\"\nparley.management.token-for-reads = true");
    HttpResponse<String> refused = send(base, "GET", null);
    assertEquals(401, refused.statusCode());
    assertTrue(refused.headers().firstValue("www-authenticate").orElseThrow().startsWith("Bearer"));
    assertEquals("read", send(base, "GET", TOKEN).body());
    assertEquals(401, send(base, "GET", TOKEN + "0").statusCode());
  }
}
