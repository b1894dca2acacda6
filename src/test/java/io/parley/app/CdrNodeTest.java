package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.accounting.CdrCsv;
import io.parley.app.ManagementHttp.Answer;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.HangUp;
import io.parley.dialog.TestDialogs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * CDRs through a real node: reported to the node's dialog events (as a call entity reports
 * them), written to its H2 file, read back over {@code GET /cdrs} (JSON and CSV) and with
 * {@code parley cdrs}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CdrNodeTest {
  private static final long T0 = Instant.parse("2026-12-06T08:00:00Z").toEpochMilli();
  private TestNode node;
  private ManagementHttp http;
  private String management;

  @BeforeAll
  void start() throws Exception {
    node = TestNode.start("parley.domains = [\"example.com\"]");
    http = new ManagementHttp(node);
    management = node.node.managementUri().toString();
    DialogInfo alice = TestDialogs.confirmed("a1@127.0.0.1", "alice@example.com", T0);
    DialogInfo carol = TestDialogs.confirmed("c1@127.0.0.1", "carol@example.com", T0 + 60_000);
    node.node.dialogEvents().confirmed(alice);
    node.node.dialogEvents().confirmed(carol);
    node.node.dialogEvents().ended(TestDialogs.hungUp(alice, 95));
    node.node.dialogEvents().ended(TestDialogs.failed("a2@127.0.0.1", "alice@example.com", T0 + 120_000, 486,
        "Busy Here", HangUp.CALLEE));
    node.node.cdrWriter().flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
    node.node.dialogStore().flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theDialogEventsOfTheNodeReachTheStoreAndTheCdrs() {
    List<DialogInfo> live = node.node.dialogStore().loadLive();
    assertEquals(List.of("c1@127.0.0.1"), live.stream().map(DialogInfo::callId).toList());
    assertEquals(2, node.node.cdrWriter().stats().written());
  }

  @Test
  void getCdrsListsThemNewestFirst() throws Exception {
    Answer a = http.send("GET", "/cdrs", null);
    assertEquals(200, a.status(), a.body());
    JsonNode cdrs = a.json().get("cdrs");
    assertEquals(2, cdrs.size());
    assertEquals("a2@127.0.0.1", cdrs.get(0).get("call_id").asText());
    assertEquals(486, cdrs.get(0).get("status").asInt());
    assertTrue(cdrs.get(0).get("answer_time").isNull());
    JsonNode answered = cdrs.get(1);
    assertEquals("sip:alice@example.com", answered.get("caller").asText());
    assertEquals(95, answered.get("duration").asLong());
    assertEquals("caller", answered.get("ended_by").asText());
    assertEquals("2026-12-06T08:00:02Z", answered.get("answer_time").asText());
    assertEquals(100, a.json().get("limit").asInt());
  }

  @Test
  void filtersTakeInstantsAndEpochMillis() throws Exception {
    Answer a = http.send("GET", "/cdrs?caller=alice@example.com&from=2026-12-06T08:01:00Z&to=" + (T0 + 180_000), null);
    assertEquals(200, a.status(), a.body());
    assertEquals(1, a.json().get("cdrs").size());
    assertEquals("a2@127.0.0.1", a.json().get("cdrs").get(0).get("call_id").asText());
    assertEquals(1, http.send("GET", "/cdrs?call-id=a1@127.0.0.1", null).json().get("cdrs").size());
    assertEquals(0, http.send("GET", "/cdrs?callee=nobody@example.com", null).json().get("cdrs").size());
    assertEquals(1, http.send("GET", "/cdrs?limit=1&offset=1", null).json().get("cdrs").size());
  }

  @Test
  void csvByFormatOrByAccept() throws Exception {
    Answer byFormat = http.send("GET", "/cdrs?format=csv", null);
    assertEquals(200, byFormat.status());
    List<String> lines = byFormat.body().lines().toList();
    assertEquals(CdrCsv.HEADER, lines.get(0));
    assertEquals(3, lines.size());
    assertTrue(lines.get(1).startsWith("a2@127.0.0.1,sip:alice@example.com,"), lines.get(1));

    HttpResponse<String> byAccept = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(management.replaceAll("/$", "") + "/cdrs?caller=carol@example.com")).header("Accept", "text/csv")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, byAccept.statusCode());
    assertTrue(byAccept.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    assertEquals(List.of(CdrCsv.HEADER), byAccept.body().lines().toList(), "carol's call has not ended");
  }

  @Test
  void badParametersGet400WithAMessage() throws Exception {
    String[][] cases = {
        {"/cdrs?from=yesterday", "from must be an ISO 8601 instant"},
        {"/cdrs?to=2026-13-01T00:00:00Z", "to must be"},
        {"/cdrs?limit=0", "limit must be between 1 and 10000"},
        {"/cdrs?limit=many", "limit must be a whole number"},
        {"/cdrs?offset=-1", "offset must not be negative"},
        {"/cdrs?from=2026-12-07T00:00:00Z&to=2026-12-06T00:00:00Z", "from must be before to"},
        {"/cdrs?format=xml", "format must be json or csv"},
        {"/cdrs?calller=alice", "unknown parameter 'calller'"},
    };
    for (String[] c : cases) {
      Answer a = http.send("GET", c[0], null);
      assertEquals(400, a.status(), c[0] + " → " + a.body());
      assertTrue(a.error().contains(c[1]), c[0] + " → " + a.body());
    }
    assertEquals(405, http.send("DELETE", "/cdrs", null).status());
  }

  @Test
  void parleyCdrsPrintsATableOrJsonOrCsv() throws Exception {
    CliRun table = CliRun.of("", "cdrs", "--management", management);
    assertEquals(0, table.exit(), table.err());
    List<String> lines = table.out().lines().toList();
    assertEquals(3, lines.size(), table.out());
    assertTrue(lines.get(0).matches("SETUP\\s+CALLER\\s+CALLEE\\s+DURATION\\s+STATUS\\s+ENDED-BY\\s+CALL-ID"),
        lines.get(0));
    assertTrue(lines.get(1).matches("2026-12-06T08:02:00Z\\s+sip:alice@example.com\\s+sip:bob@example.com\\s+0s\\s+"
        + "486 Busy Here\\s+callee\\s+a2@127.0.0.1"), lines.get(1));
    assertTrue(lines.get(2).contains("95s"), lines.get(2));
    // the columns line up
    assertEquals(lines.get(0).indexOf("CALLER"), lines.get(1).indexOf("sip:alice"));

    CliRun filtered = CliRun.of("", "--management", management, "cdrs", "--caller", "alice@example.com", "--from",
        "2026-12-06T08:01:00Z", "--limit", "5", "--json");
    assertEquals(0, filtered.exit(), filtered.err());
    JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(filtered.out());
    assertEquals(1, json.get("cdrs").size());
    assertEquals(5, json.get("limit").asInt());

    CliRun csv = CliRun.of("", "cdrs", "--management", management, "--csv", "--call-id", "a1@127.0.0.1");
    assertEquals(0, csv.exit(), csv.err());
    assertEquals(2, csv.out().lines().count(), csv.out());

    CliRun bad = CliRun.of("", "cdrs", "--management", management, "--from", "last week");
    assertEquals(1, bad.exit());
    assertTrue(bad.err().contains("from must be an ISO 8601 instant"), bad.err());
  }
}
