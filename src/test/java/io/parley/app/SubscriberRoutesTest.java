package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.app.ManagementHttp.Answer;
import io.parley.auth.DigestAlgorithm;
import io.parley.auth.Ha1;
import io.parley.auth.SubscriberRepository;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The subscriber routes of a running node, over real HTTP on its management port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriberRoutesTest {
  private ManagementHttp http;
  /** Every body any test received, checked for HA1 values at the end. */
  private final List<String> bodies = new ArrayList<>();
  private TestNode node;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com", "example.org"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        """);
    http = new ManagementHttp(node);
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private Answer send(String method, String path, String body) throws Exception {
    Answer a = http.send(method, path, body);
    synchronized (bodies) {
      bodies.add(a.body());
    }
    return a;
  }

  private Answer post(String body) throws Exception {
    return send("POST", "/subscribers", body);
  }

  private static String addBody(String aor, String password) {
    return "{\"aor\":\"" + aor + "\",\"password\":\"" + password + "\"}";
  }

  @Test
  void postCreatesASubscriberThatGetShowsAndTheCacheHasAtOnce() throws Exception {
    Answer created = post("{\"aor\":\"alice@example.com\",\"password\":\"alicepw\",\"aliases\":[\"al@example.org\"]}");
    assertEquals(201, created.status(), created.body());
    JsonNode a = created.json();
    assertEquals("alice@example.com", a.get("aor").asText());
    assertEquals("alice", a.get("username").asText());
    assertEquals("example.com", a.get("domain").asText());
    assertEquals("[\"MD5\",\"SHA-256\",\"SHA-512-256\"]", a.get("algorithms").toString());
    assertEquals("[\"al@example.org\"]", a.get("aliases").toString());
    assertFalse(a.get("created_at").asText().isEmpty());
    // this node's cache has it at once: no 30 s refresh to wait for
    assertEquals(Ha1.compute(DigestAlgorithm.MD5, "alice", "example.com", "alicepw"),
        node.node.subscriberCache().ha1("alice", "example.com", DigestAlgorithm.MD5).orElseThrow());
    assertEquals("alice", node.node.subscriberCache().resolve("al", "example.org").orElseThrow().id().username());

    Answer shown = send("GET", "/subscribers/alice@example.com", null);
    assertEquals(200, shown.status(), shown.body());
    assertEquals(a, shown.json());
    Answer encoded = send("GET", "/subscribers/sip:alice%40EXAMPLE.com", null);
    assertEquals(200, encoded.status(), encoded.body());
  }

  @Test
  void postAcceptsAUsernameAndADomain() throws Exception {
    Answer created = post("{\"username\":\"carol\",\"domain\":\"example.org\",\"password\":\"pw\"}");
    assertEquals(201, created.status(), created.body());
    assertEquals("carol@example.org", created.json().get("aor").asText());
  }

  @Test
  void aSecondPostForTheSameAorIsAConflict() throws Exception {
    assertEquals(201, post(addBody("dave@example.com", "pw1")).status());
    Answer again = post(addBody("dave@example.com", "pw2"));
    assertEquals(409, again.status(), again.body());
    assertTrue(again.json().get("error").asText().contains("dave@example.com exists"), again.body());
    // the first password still holds
    assertEquals(Ha1.compute(DigestAlgorithm.MD5, "dave", "example.com", "pw1"),
        node.node.subscriberCache().ha1("dave", "example.com", DigestAlgorithm.MD5).orElseThrow());
  }

  @Test
  void badRequestsAre400WithAMessage() throws Exception {
    String[][] cases = {
        {"{not json", "not JSON"},
        {"{\"aor\":\"erin@example.com\"}", "'password' is required"},
        {"{\"password\":\"pw\"}", "'aor'"},
        {addBody("erin", "pw"), "not an address of record"},
        {addBody("erin@elsewhere.net", "pw"), "not served"},
        {"{\"aor\":\"erin@example.com\",\"password\":\"pw\",\"aliases\":[\"x@elsewhere.net\"]}", "not served"},
        {"{\"aor\":\"erin@example.com\",\"password\":\"pw\",\"role\":\"admin\"}", "unknown field 'role'"},
        {"", "empty"},
    };
    for (String[] c : cases) {
      Answer a = post(c[0]);
      assertEquals(400, a.status(), c[0] + " → " + a.body());
      assertTrue(a.json().get("error").asText().contains(c[1]), c[0] + " → " + a.body());
    }
    assertTrue(node.node.subscriberRepository().find("erin", "example.com").isEmpty());
    assertEquals(400, send("GET", "/subscribers/not-an-aor", null).status());
  }

  @Test
  void anUnknownSubscriberIs404ForGetPutAndDelete() throws Exception {
    Answer get = send("GET", "/subscribers/nobody@example.com", null);
    assertEquals(404, get.status(), get.body());
    assertTrue(get.json().get("error").asText().contains("nobody@example.com"), get.body());
    assertEquals(404, send("DELETE", "/subscribers/nobody@example.com", null).status());
    assertEquals(404, send("PUT", "/subscribers/nobody@example.com", "{\"password\":\"x\"}").status());
  }

  @Test
  void deleteRemovesTheSubscriberFromTheTableAndTheCache() throws Exception {
    assertEquals(201, post("{\"aor\":\"frank@example.com\",\"password\":\"pw\",\"aliases\":[\"fr@example.com\"]}")
        .status());
    Answer deleted = send("DELETE", "/subscribers/frank@example.com", null);
    assertEquals(204, deleted.status(), deleted.body());
    assertEquals("", deleted.body());
    assertEquals(404, send("GET", "/subscribers/frank@example.com", null).status());
    assertTrue(node.node.subscriberCache().find("frank", "example.com").isEmpty());
    assertTrue(node.node.subscriberCache().resolve("fr", "example.com").isEmpty());
  }

  @Test
  void putChangesThePassword() throws Exception {
    assertEquals(201, post(addBody("grace@example.com", "old")).status());
    Answer changed = send("PUT", "/subscribers/grace@example.com", "{\"password\":\"new\"}");
    assertEquals(200, changed.status(), changed.body());
    assertEquals("grace@example.com", changed.json().get("aor").asText());
    assertEquals(Ha1.compute(DigestAlgorithm.SHA_256, "grace", "example.com", "new"),
        node.node.subscriberCache().ha1("grace", "example.com", DigestAlgorithm.SHA_256).orElseThrow());
    assertEquals(400, send("PUT", "/subscribers/grace@example.com", "{\"password\":\"\"}").status());
  }

  @Test
  void getListsPagesFilteredByDomain() throws Exception {
    for (String u : List.of("list-b", "list-a", "list-c")) {
      assertEquals(201, post(addBody(u + "@example.org", "pw")).status());
    }
    Answer all = send("GET", "/subscribers?domain=example.org&limit=1000", null);
    assertEquals(200, all.status(), all.body());
    List<String> aors = new ArrayList<>();
    all.json().get("subscribers").forEach(s -> aors.add(s.get("aor").asText()));
    assertTrue(aors.containsAll(List.of("list-a@example.org", "list-b@example.org", "list-c@example.org")), aors.toString());
    assertTrue(aors.stream().allMatch(a -> a.endsWith("@example.org")), aors.toString());
    assertEquals(aors.stream().sorted().toList(), aors);

    int a = aors.indexOf("list-a@example.org");
    Answer page = send("GET", "/subscribers?domain=example.org&limit=2&offset=" + a, null);
    assertEquals(2, page.json().get("subscribers").size(), page.body());
    assertEquals("list-a@example.org", page.json().get("subscribers").get(0).get("aor").asText());
    assertEquals(2, page.json().get("limit").asInt());

    Answer capped = send("GET", "/subscribers?limit=99999999", null);
    assertEquals(200, capped.status(), capped.body());
    assertEquals(SubscriberRepository.MAX_PAGE, capped.json().get("limit").asInt());
    assertEquals(400, send("GET", "/subscribers?limit=0", null).status());
    assertEquals(400, send("GET", "/subscribers?limit=ten", null).status());
    assertEquals(400, send("GET", "/subscribers?offset=-1", null).status());
  }

  @Test
  void theClusterRoutesAreServedBesideThem() throws Exception {
    Answer members = send("GET", "/cluster/members", null);
    assertEquals(200, members.status(), members.body());
    assertTrue(members.body().contains("\"members\""), members.body());
  }

  /** Runs last in effect for its own requests, and checks every body the other tests received too. */
  @Test
  void noAnswerEverCarriesAnHa1() throws Exception {
    String pw = "hunter2-ha1-check";
    assertEquals(201, post("{\"aor\":\"heidi@example.com\",\"password\":\"" + pw + "\",\"aliases\":[\"hd@example.com\"]}")
        .status());
    send("GET", "/subscribers/heidi@example.com", null);
    send("GET", "/subscribers?limit=10000", null);
    send("PUT", "/subscribers/heidi@example.com", "{\"password\":\"" + pw + "\"}");
    send("POST", "/subscribers", addBody("heidi@example.com", pw));
    List<String> secrets = new ArrayList<>();
    for (var s : node.node.subscriberRepository().list(null, SubscriberRepository.MAX_PAGE, 0)) {
      for (DigestAlgorithm alg : DigestAlgorithm.values()) {
        secrets.add(s.ha1(alg));
      }
    }
    assertTrue(secrets.contains(Ha1.compute(DigestAlgorithm.MD5, "heidi", "example.com", pw)));
    synchronized (bodies) {
      for (String body : bodies) {
        assertFalse(body.toLowerCase().contains("ha1"), body);
        assertFalse(body.contains(pw), body);
        for (String secret : secrets) {
          assertFalse(secret != null && body.contains(secret), body);
        }
      }
    }
  }
}
