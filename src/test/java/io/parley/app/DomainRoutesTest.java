package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.app.ManagementHttp.Answer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The domain routes of a running node, over real HTTP on its management port: a domain added
 * is served at once (RFC 3261 §10.3 step 1: its REGISTERs are challenged for its realm), one
 * removed is not (a request from and to it is refused as relaying).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DomainRoutesTest {
  private ManagementHttp http;
  private TestNode node;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        parley.sip.timers.t1 = 100ms
        """);
    http = new ManagementHttp(node);
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private List<String> listed() throws Exception {
    Answer list = http.send("GET", "/domains", null);
    assertEquals(200, list.status(), list.body());
    List<String> domains = new ArrayList<>();
    list.json().get("domains").forEach(d -> domains.add(d.get("name").asText() + "/" + d.get("source").asText()));
    return domains;
  }

  @Test
  void anAddedDomainIsServedAtOnceAndARemovedOneNoLonger() throws Exception {
    Answer before = http.send("POST", "/subscribers", "{\"aor\":\"bob@added.example\",\"password\":\"pw\"}");
    assertEquals(400, before.status(), before.body());

    Answer added = http.send("POST", "/domains", "{\"name\":\"Added.Example\"}");
    assertEquals(201, added.status(), added.body());
    assertEquals("{\"name\":\"added.example\",\"source\":\"database\"}", added.json().toString());
    assertTrue(listed().containsAll(List.of("added.example/database", "example.com/configuration")), listed().toString());
    // a subscriber of it can be provisioned now, and its REGISTER is ours: challenged for its realm
    Answer bob = http.send("POST", "/subscribers", "{\"aor\":\"bob@added.example\",\"password\":\"pw\"}");
    assertEquals(201, bob.status(), bob.body());
    String challenge = register("added.example", "dr-1");
    assertEquals(401, SipProbe.status(challenge), challenge);
    assertTrue(challenge.contains("realm=\"added.example\""), challenge);

    Answer removed = http.send("DELETE", "/domains/added.example", null);
    assertEquals(204, removed.status(), removed.body());
    assertFalse(listed().contains("added.example/database"), listed().toString());
    // no longer ours: from and to a foreign domain is relaying, refused
    String refused = register("added.example", "dr-2");
    assertEquals(403, SipProbe.status(refused), refused);
    assertTrue(refused.contains("relaying denied"), refused);
    // its subscribers stay
    assertEquals(200, http.send("GET", "/subscribers/bob@added.example", null).status());
  }

  @Test
  void servedDomainsCannotBeAddedTwiceNorConfiguredOnesRemoved() throws Exception {
    assertEquals(201, http.send("POST", "/domains", "{\"name\":\"twice.example\"}").status());
    Answer again = http.send("POST", "/domains", "{\"name\":\"TWICE.example\"}");
    assertEquals(409, again.status(), again.body());
    assertTrue(again.error().contains("twice.example exists"), again.body());

    Answer configured = http.send("POST", "/domains", "{\"name\":\"example.com\"}");
    assertEquals(409, configured.status(), configured.body());
    assertTrue(configured.error().contains("parley.domains"), configured.body());
    Answer removeConfigured = http.send("DELETE", "/domains/example.com", null);
    assertEquals(409, removeConfigured.status(), removeConfigured.body());
    assertTrue(removeConfigured.error().contains("comes from parley.domains"), removeConfigured.body());
    assertTrue(listed().contains("example.com/configuration"));

    Answer unknown = http.send("DELETE", "/domains/unknown.example", null);
    assertEquals(404, unknown.status(), unknown.body());
    assertTrue(unknown.error().contains("no domain unknown.example"), unknown.body());
  }

  @Test
  void badBodiesAre400WithAMessage() throws Exception {
    String[][] cases = {
        {"{not json", "not JSON"},
        {"", "empty"},
        {"[\"x.example\"]", "JSON object"},
        {"{}", "'name' is required"},
        {"{\"name\":7}", "'name' is required"},
        {"{\"name\":\"x.example\",\"owner\":\"me\"}", "unknown field 'owner'"},
        {"{\"name\":\"not a host\"}", "not a domain"},
        {"{\"name\":\"alice@x.example\"}", "not a domain"},
    };
    for (String[] c : cases) {
      Answer a = http.send("POST", "/domains", c[0]);
      assertEquals(400, a.status(), c[0] + " → " + a.body());
      assertTrue(a.error().contains(c[1]), c[0] + " → " + a.body());
    }
    assertFalse(listed().stream().anyMatch(d -> d.startsWith("x.example")), listed().toString());
  }


  private String register(String domain, String callId) throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      return TestRegister.of("bob", domain, callId).sendFrom(probe);
    }
  }
}
