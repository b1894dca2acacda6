package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with parley.management.token set, over real HTTP: writes need the token on Parley's
 * routes and on Pekko's (its cluster write routes switched on here, to show they are guarded
 * too), reads do not; the command line sends the token from PARLEY_MANAGEMENT_TOKEN.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementTokenNodeTest {
  private static final String TOKEN = "tok-0123456789-abcdefghij";
  private static final String BEARER = "Authorization: Bearer " + TOKEN;
  private static final String JSON = "Content-Type: application/json";

  private TestNode node;
  private int port;
  private String management;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        parley.management.token = "%s"
        parley.management.cluster-write-routes = true
        """.formatted(TOKEN));
    port = node.node.managementUri().getPort();
    management = node.node.managementUri().toString();
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private RawHttp.Answer send(String method, String target, String body, String... headers) throws Exception {
    return RawHttp.exchange(port, method, target, body, headers);
  }

  private static void assertUnauthorized(RawHttp.Answer a, boolean offered) throws Exception {
    assertEquals(401, a.status(), a.body());
    assertTrue(a.header("www-authenticate").startsWith("Bearer"), a.headers().toString());
    assertEquals(offered, a.header("www-authenticate").contains("invalid_token"), a.headers().toString());
    assertTrue(a.header("content-type").startsWith("application/json"), a.headers().toString());
    assertTrue(a.json().get("error").asText().contains("token"), a.body());
  }

  @Test
  void aWriteNeedsTheTokenAndAReadDoesNot() throws Exception {
    String alice = "{\"aor\":\"alice@example.com\",\"password\":\"pw\"}";
    assertUnauthorized(send("POST", "/subscribers", alice, JSON), false);
    assertUnauthorized(send("POST", "/subscribers", alice, JSON, "Authorization: Bearer " + TOKEN + "x"), true);
    assertUnauthorized(send("POST", "/subscribers", alice, JSON, "Authorization: Basic " + TOKEN), true);
    assertTrue(node.node.subscriberRepository().find("alice", "example.com").isEmpty());

    RawHttp.Answer added = send("POST", "/subscribers", alice, JSON, BEARER);
    assertEquals(201, added.status(), added.body());
    assertEquals(200, send("GET", "/subscribers/alice@example.com", null).status());
    assertEquals(200, send("GET", "/subscribers", null).status());
    assertEquals(200, send("GET", "/metrics", null).status());
    assertEquals(200, send("GET", "/cluster/members", null).status());

    assertUnauthorized(send("DELETE", "/subscribers/alice@example.com", null), false);
    assertUnauthorized(send("PUT", "/subscribers/alice@example.com", "{\"password\":\"x\"}", JSON), false);
    assertUnauthorized(send("POST", "/domains", "{\"name\":\"example.org\"}", JSON), false);
    // ending a call and removing a registration change state as much
    assertUnauthorized(send("DELETE", "/dialogs/some-call-id", null), false);
    assertEquals(404, send("DELETE", "/dialogs/some-call-id", null, BEARER).status());
    assertEquals(200, send("GET", "/dialogs", null).status());
    assertEquals(200, send("GET", "/cdrs", null).status());
    // checked before any route: a path that does not exist answers alike
    assertUnauthorized(send("POST", "/no/such/thing", "{}", JSON), false);
    assertUnauthorized(send("PATCH", "/subscribers/alice@example.com", "{}", JSON), false);
    assertTrue(node.node.subscriberRepository().find("alice", "example.com").isPresent());
  }

  @Test
  void pekkosClusterWriteRoutesNeedTheTokenToo() throws Exception {
    String form = "Content-Type: application/x-www-form-urlencoded";
    String nobody = "/cluster/members/parley@127.0.0.1:1";
    assertUnauthorized(send("PUT", nobody, "operation=Down", form), false);
    assertUnauthorized(send("DELETE", nobody, null), false);
    assertUnauthorized(send("PUT", "/cluster", "operation=prepare-for-full-shutdown", form), false);
    // with the token the route is reached (switched on here): no such member, nothing downed
    RawHttp.Answer reached = send("PUT", nobody, "operation=Down", form, BEARER);
    assertEquals(404, reached.status(), reached.body());
    assertTrue(reached.header("content-type").startsWith("application/json"), reached.headers().toString());
  }

  @Test
  void theCommandLineWithoutTheTokenExitsOneAndSaysWhy() {
    CliRun r = CliRun.of("", "subscriber", "add", "--management", management, "carol@example.com", "pw");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("PARLEY_MANAGEMENT_TOKEN"), r.err());
    assertTrue(r.err().contains("HTTP 401"), r.err());
    // reads need no token
    CliRun list = CliRun.of("", "subscriber", "list", "--management", management);
    assertEquals(0, list.exit(), list.err());
  }

  @Test
  void theCommandLineSendsTheTokenFromTheEnvironment(@TempDir Path dir) throws Exception {
    Cli ok = cli(dir, TOKEN, "subscriber", "add", "--management", management, "dave@example.com", "pw");
    assertEquals(0, ok.exit(), ok.output());
    assertTrue(node.node.subscriberRepository().find("dave", "example.com").isPresent(), ok.output());
    Cli wrong = cli(dir, TOKEN + "-not", "subscriber", "remove", "--management", management, "dave@example.com");
    assertEquals(1, wrong.exit(), wrong.output());
    assertTrue(wrong.output().contains("refused the management token"), wrong.output());
    assertTrue(node.node.subscriberRepository().find("dave", "example.com").isPresent());
  }

  private record Cli(int exit, String output) {}

  /** {@code parley args…} in a JVM of its own, with PARLEY_MANAGEMENT_TOKEN={@code token}. */
  private static Cli cli(Path dir, String token, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-cp", System.getProperty("java.class.path"), "io.parley.app.Main"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "cli", ".out");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("PARLEY_MANAGEMENT_TOKEN", token);
    Process p = pb.start();
    try {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command did not end within 60 s");
      return new Cli(p.exitValue(), Files.readString(out));
    } finally {
      p.destroyForcibly();
    }
  }
}
