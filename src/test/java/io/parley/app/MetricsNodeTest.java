package io.parley.app;

import static io.parley.app.SipProbe.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.admin.PrometheusText;
import io.parley.auth.DigestAlgorithm;
import io.parley.registrar.DigestUa;
import io.parley.admin.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /metrics} and {@code GET /stats} of a real node after real SIP traffic over UDP: an
 * OPTIONS to the server, bob's REGISTER (401, then 200), and alice's INVITE to bob (407, then
 * proxied to bob's phone, whose 480 comes back). The metrics are read with a strict parser of the
 * text format ({@link PrometheusText}), never with a regular expression over the body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsNodeTest {
  private TestNode node;
  private ManagementHttp http;

  @BeforeAll
  void startAndSendTraffic() throws Exception {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        """);
    http = new ManagementHttp(node);
    node.node.subscriberRepository().add("alice", "example.com", "alicepw");
    node.node.subscriberRepository().add("bob", "example.com", "bobpw");
    node.node.subscriberCache().refresh();
    try (SipProbe probe = new SipProbe(node.udp()); RespondingSink bobPhone = new RespondingSink()) {
      probe.send(probe.options(70).getBytes(StandardCharsets.US_ASCII));
      assertEquals(200, status(probe.receive()));
      TestRegister.registerWithDigest(probe, "bob", "bobpw", "example.com",
          "<sip:bob@127.0.0.1:" + bobPhone.port() + ">");
      String callId = "metrics-call@127.0.0.1";
      String challenge = TestInvite.of("sip:bob@example.com", callId).answerFrom(probe);
      assertEquals(407, status(challenge), challenge);
      String credentials = DigestUa.authorization("INVITE", DigestAlgorithm.MD5, "alice", "alicepw",
          "example.com", DigestUa.nonceIn(challenge), "sip:bob@example.com", 1);
      TestInvite invite = TestInvite.of("sip:bob@example.com", callId).cseq(2).credentials(credentials);
      String answer = invite.answerFrom(probe);
      assertEquals(480, status(answer), answer);
      assertNotNull(bobPhone.next(), "bob's phone got the INVITE");
      // never ACKed: the INVITE again is absorbed by its server transaction, which answers 480 again
      String again = invite.answerFrom(probe);
      assertEquals(480, status(again), again);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private PrometheusText scrape() throws Exception {
    ManagementHttp.Answer a = http.send("GET", "/metrics", null);
    assertEquals(200, a.status(), a.body());
    return PrometheusText.parse(a.body());
  }

  @Test
  void theTrafficSentShowsInTheMetrics() throws Exception {
    PrometheusText m = scrape();
    assertEquals("counter", m.families().get("parley_sip_requests_total").type());
    assertEquals(1, m.value("parley_sip_requests_total", "method", "OPTIONS"));
    assertEquals(2, m.value("parley_sip_requests_total", "method", "REGISTER"));
    assertEquals(3, m.value("parley_sip_requests_total", "method", "INVITE"), "the challenged, the proxied, its copy");
    // every method Parley knows has its series, traffic or not
    assertEquals(0, m.value("parley_sip_requests_total", "method", "SUBSCRIBE"));
    assertEquals(0, m.value("parley_sip_requests_total", "method", "other"));

    // sent: 200 to OPTIONS and REGISTER, 401, 407, 100 Trying, the 480 passed back
    assertTrue(m.value("parley_sip_responses_total", "code", "200", "direction", "out") >= 2);
    assertTrue(m.value("parley_sip_responses_total", "code", "401", "direction", "out") >= 1);
    assertTrue(m.value("parley_sip_responses_total", "code", "407", "direction", "out") >= 1);
    assertTrue(m.value("parley_sip_responses_total", "code", "100", "direction", "out") >= 1);
    assertTrue(m.value("parley_sip_responses_total", "code", "480", "direction", "out") >= 1);
    // received: bob's phone's 480
    assertTrue(m.value("parley_sip_responses_total", "code", "480", "direction", "in") >= 1);
    assertTrue(Double.isNaN(m.value("parley_sip_responses_total", "code", "404")), "a code never seen has no series");

    // the proxied INVITE: a server and a client transaction, still live (Timers D and H run)
    assertTrue(m.value("parley_transactions_total") >= 2);
    assertTrue(m.value("parley_transactions_active") >= 0);
    assertEquals("gauge", m.families().get("parley_transactions_active").type());
    assertEquals(1, m.value("parley_registered_contacts"));
    assertEquals(0, m.value("parley_dialogs_active", "state", "confirmed"));
    assertEquals(0, m.value("parley_dialogs_active", "state", "early"));
    assertEquals(1, m.value("parley_sip_retransmissions_total", "direction", "in"), "the INVITE sent again");

    // the histograms: one INVITE through a transaction, two REGISTERs answered
    assertEquals("histogram", m.families().get("parley_invite_first_response_seconds").type());
    assertEquals(1, m.value("parley_invite_first_response_seconds_count"));
    assertEquals(1, m.value("parley_invite_first_response_seconds_bucket", "le", "+Inf"));
    assertTrue(m.value("parley_invite_first_response_seconds_bucket", "le", "10.0") >= 1);
    assertEquals(2, m.value("parley_register_seconds_count"));
    assertTrue(m.value("parley_register_seconds_sum") > 0);

    assertTrue(m.value("parley_auth_failures_total", "reason", "failed") >= 0);
    // the JVM's, and the SIP threads the actors run on
    assertTrue(m.value("jvm_memory_used_bytes", "area", "heap") > 0);
    assertTrue(m.value("jvm_threads_live_threads") > 0);
    assertTrue(m.value("process_cpu_usage") >= 0);
    assertEquals(1, m.value("parley_sip_threads"), "parley.sip.threads");
    assertTrue(m.value("parley_sip_tasks_pending") >= 0);
  }

  @Test
  void statsAreJsonFromTheSameCounters() throws Exception {
    ManagementHttp.Answer a = http.send("GET", "/stats", null);
    assertEquals(200, a.status(), a.body());
    JsonNode s = a.json();
    assertEquals(1, s.at("/requests/received/OPTIONS").asLong(), a.body());
    assertEquals(2, s.at("/requests/received/REGISTER").asLong(), a.body());
    assertEquals(3, s.at("/requests/received/INVITE").asLong(), a.body());
    assertTrue(s.at("/responses/sent/407").asLong() >= 1, a.body());
    assertTrue(s.at("/responses/received/480").asLong() >= 1, a.body());
    assertTrue(s.at("/responses/sent/404").isMissingNode(), a.body());
    assertTrue(s.at("/transactions/started").asLong() >= 2, a.body());
    assertTrue(s.at("/transactions/active").isNumber(), a.body());
    assertEquals(1, s.at("/transactions/retransmissions_absorbed").asLong(), a.body());
    assertEquals(0, s.at("/dialogs/confirmed").asLong(), a.body());
    assertEquals(1, s.at("/registrations/contacts").asLong(), a.body());
    assertEquals(2, s.at("/registrations/register_requests").asLong(), a.body());
    assertEquals(0, s.at("/drops/stray_responses").asLong(), a.body());
    assertTrue(s.at("/auth/failures").isNumber(), a.body());
    // the same counter as /metrics reads
    PrometheusText m = scrape();
    assertEquals(m.value("parley_sip_responses_total", "code", "407", "direction", "out"),
        s.at("/responses/sent/407").asDouble());
  }

  /**
   * The dashboard shipped in {@code grafana/} asks only for what a node exports: every metric
   * name in its queries (panels and the node variable) is a sample name of this node's scrape.
   * {@code jvm_gc_pause_seconds} appears with the first collection, so one is asked for.
   */
  @Test
  void everyMetricTheGrafanaDashboardQueriesIsExported() throws Exception {
    JsonNode dashboard = Json.MAPPER.readTree(Path.of("grafana/parley-dashboard.json").toFile());
    Set<String> queried = new TreeSet<>();
    dashboard.findValues("expr").forEach(e -> queried.addAll(PromQl.metricNames(e.asText())));
    dashboard.path("templating").path("list").forEach(v -> queried.addAll(PromQl.metricNames(v.path("definition").asText())));
    assertTrue(queried.size() >= 25, "the dashboard queries " + queried);
    assertTrue(queried.containsAll(List.of("parley_sip_requests_total", "parley_sip_responses_total",
        "parley_transactions_active", "parley_dialogs_active", "parley_registered_contacts",
        "parley_invite_first_response_seconds_bucket", "parley_register_seconds_bucket", "parley_sip_tasks_pending")), queried.toString());
    System.gc();
    Set<String> missing = new TreeSet<>(queried);
    for (int i = 0; i < 50 && !missing.isEmpty(); i++) {
      missing.removeAll(scrape().sampleNames());
      if (!missing.isEmpty()) {
        Thread.sleep(200);
      }
    }
    assertEquals(Set.of(), missing, "queried by the dashboard, not exported");
  }

  /** The metric names a PromQL expression reads: what is left once strings, matchers, ranges, groupings and functions are gone. */
  static final class PromQl {
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
        "and", "or", "unless", "offset", "bool", "inf", "nan");

    static Set<String> metricNames(String expr) {
      Set<String> names = new TreeSet<>();
      Matcher labelValues = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,").matcher(expr);
      while (labelValues.find()) {
        names.add(labelValues.group(1));
      }
      if (expr.contains("label_values(")) {
        return names;
      }
      String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
          .replaceAll("\\{[^}]*\\}", " ")
          .replaceAll("\\[[^\\]]*\\]", " ")
          .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
      Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(bare);
      while (m.find()) {
        boolean function = m.group(2) != null;
        boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
        if (!function && !number && !KEYWORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
          names.add(m.group(1));
        }
      }
      return names;
    }
  }

  @Test
  void aPromQlExpressionsMetricNamesAreFound() {
    assertEquals(Set.of("a_total", "b_bucket"), PromQl.metricNames(
        "sum by (method) (rate(a_total{x=\"y\", z=~\"$v\"}[$__rate_interval])) "
            + "+ histogram_quantile(0.95, sum by (le) (rate(b_bucket[5m])))"));
    assertEquals(Set.of("a_total"), PromQl.metricNames("label_values(a_total, instance)"));
  }

  @Test
  void parleyStatsPrintsTheCountersAsATableOrJson() throws Exception {
    String management = node.node.managementUri().toString();
    CliRun table = CliRun.of("", "stats", "--management", management);
    assertEquals(0, table.exit(), table.err());
    assertTrue(table.out().lines().anyMatch(l -> l.equals("requests.received.OPTIONS\t1")), table.out());
    assertTrue(table.out().lines().anyMatch(l -> l.equals("registrations.contacts\t1")), table.out());
    assertTrue(table.out().lines().allMatch(l -> l.split("\t").length == 2), table.out());
    CliRun json = CliRun.of("", "stats", "--json", "--management", management);
    assertEquals(0, json.exit(), json.err());
    assertEquals(2, Json.MAPPER.readTree(json.out()).at("/requests/received/REGISTER").asLong(), json.out());
  }
}
