package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management port of a node with the default settings, over real HTTP: Pekko's cluster
 * write routes are off, every error answer is JSON that names no class or configuration key,
 * and /metrics is Prometheus text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementPortTest {
  /** A class or key name (three dotted parts), an exception's name, a stack frame. */
  private static final Pattern REVEALING = Pattern.compile(
      "[A-Za-z_$][\\w$-]*(\\.[A-Za-z_$][\\w$-]*){2,}|Exception|Error\\b|\\bat [\\w$.]+\\(|pekko|scala");

  private TestNode node;
  private int port;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        """);
    port = node.node.managementUri().getPort();
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

  /** A JSON error answer of {@code status} whose text gives nothing away. */
  private RawHttp.Answer assertJsonError(int status, RawHttp.Answer a) throws Exception {
    assertEquals(status, a.status(), a.body());
    assertTrue(a.header("content-type").startsWith("application/json"), a.headers().toString());
    JsonNode error = a.json().get("error");
    assertTrue(error != null && error.isTextual() && !error.textValue().isBlank(), a.body());
    Matcher m = REVEALING.matcher(a.body());
    assertFalse(m.find(), () -> "the answer names '" + m.group() + "': " + a.body());
    return a;
  }

  @Test
  void downingTheNodeOverHttpIsRefusedAndTheNodeStaysUp() throws Exception {
    String self = node.node.system().address().hostPort();
    // the member exists: what follows is refused for its method, not for a wrong address
    RawHttp.Answer member = send("GET", "/cluster/members/" + self, null);
    assertEquals(200, member.status(), member.body());
    assertEquals("Up", member.json().get("status").asText(), member.body());

    String form = "Content-Type: application/x-www-form-urlencoded";
    RawHttp.Answer down = assertJsonError(405, send("PUT", "/cluster/members/" + self, "operation=Down", form));
    assertJsonError(405, send("PUT", "/cluster/members/" + self, "operation=Leave", form));
    assertJsonError(405, send("DELETE", "/cluster/members/" + self, null));
    assertJsonError(405, send("POST", "/cluster/members", "address=pekko://parley@127.0.0.1:1", form));
    // not mounted at all when Pekko's routes are read-only
    assertJsonError(404, send("PUT", "/cluster", "operation=prepare-for-full-shutdown", form));
    assertTrue(down.json().get("error").asText().contains("not allowed"), down.body());

    Thread.sleep(500); // a Down, had it been taken, would have removed the member by now
    assertEquals(MemberStatus.up(), Cluster.get(node.node.system()).selfMember().status());
    assertFalse(node.node.system().getWhenTerminated().toCompletableFuture().isDone());
    assertEquals("Up", send("GET", "/cluster/members/" + self, null).json().get("status").asText());
  }

  @Test
  void pekkosOwnErrorAnswersAreJson() throws Exception {
    assertJsonError(404, send("GET", "/no/such/thing", null));
    RawHttp.Answer wrongMethod = assertJsonError(405, send("DELETE", "/domains", null));
    assertTrue(wrongMethod.header("allow").contains("GET"), wrongMethod.headers().toString());
    // Parley's routes read at most 64 KiB; Pekko's default answer names the exception and the key
    assertJsonError(413, send("POST", "/subscribers", "{\"aor\":\"" + "a".repeat(100_000) + "@example.com\"}",
        "Content-Type: application/json"));
    // past pekko.http.server.parsing.max-uri-length (2 KiB): refused by the parser, before any route
    assertJsonError(414, send("GET", "/subscribers?domain=" + "x".repeat(3_000), null));
    // a header field past max-header-value-length (8 KiB)
    RawHttp.Answer bigHeader = send("GET", "/subscribers", null, "X-Filler: " + "y".repeat(20_000));
    assertTrue(bigHeader.status() == 431 || bigHeader.status() == 400, bigHeader.body());
    assertJsonError(bigHeader.status(), bigHeader);
    // a request line that is not HTTP
    assertJsonError(400, send("GET", "/%zz", null));
  }

  @Test
  void metricsArePrometheusTextWithTheJvmsAndParleysMeters() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      probe.send(probe.options(70).getBytes(StandardCharsets.US_ASCII));
      assertEquals(200, SipProbe.status(probe.receive()));
    }
    RawHttp.Answer metrics = send("GET", "/metrics", null);
    assertEquals(200, metrics.status(), metrics.body());
    assertTrue(metrics.header("content-type").startsWith("text/plain"), metrics.headers().toString());
    String text = metrics.body();
    assertTrue(text.contains("jvm_memory_used_bytes{"), text);
    assertTrue(text.contains("jvm_threads_live_threads"), text);
    assertTrue(text.contains("# TYPE parley_sip_messages_received_total counter"), text);
    Matcher received = Pattern.compile("(?m)^parley_sip_messages_received_total (\\S+)$").matcher(text);
    assertTrue(received.find(), text);
    assertTrue(Double.parseDouble(received.group(1)) >= 1, received.group());
    assertTrue(text.contains("parley_sip_inbound_dropped_total{cause=\"garbage\"}"), text);
    assertTrue(text.contains("parley_sip_connections_closed_total{reason=\"message_timeout\"}"), text);
    assertTrue(text.contains("parley_flood_sources_tracked"), text);
    // the lead's way in for other components' meters
    assertTrue(node.node.meterRegistry().find("parley.sip.messages.sent").functionCounter().count() >= 1);
  }

  @Test
  void aManagementPortBeyondLoopbackWithoutATokenStopsTheStart(@TempDir Path dir) {
    // refused while the settings are read: nothing is bound, on that address or any other
    var e = assertThrows(ConfigException.class, () -> TestNode.start("""
        parley.management.token = ""
        pekko.management.http.hostname = "0.0.0.0"
        """, dir));
    assertTrue(e.getMessage().contains("parley.management.token"), e.getMessage());
    assertTrue(e.getMessage().contains("pekko.management.http.hostname"), e.getMessage());
  }
}
