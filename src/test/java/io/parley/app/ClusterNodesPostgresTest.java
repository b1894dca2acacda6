package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogLeg;
import io.parley.dialog.DialogState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

/**
 * Two Parley nodes in one JVM, clustered on one PostgreSQL database, as the nodes of
 * {@code cluster-configs/} are: {@code GET /dialogs}, {@code GET /dialogs/{callId}} and
 * {@code parley dialogs} asked of one node answer with the dialogs of both; {@code parley cluster}
 * shows both members, the leader and the Call and Aor shards; the second node, closed as SIGTERM
 * closes it, leaves: the first sees it removed, never unreachable.
 */
class ClusterNodesPostgresTest {
  @Test
  void eitherNodeAnswersForTheClusterAndAClosedNodeLeaves() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      String db = """
          parley.domains = ["example.com"]
          parley.registrar.authenticate = false
          parley.storage.jdbc-url = "%s"
          parley.storage.user = "postgres"
          parley.storage.password = ""
          """.formatted(pg.jdbcUrl());
      try (TestNode first = TestNode.start(db)) {
        String nameA = name(first.node.system().address());
        ManagementHttp httpA = new ManagementHttp(first);
        String uriA = first.node.managementUri().toString();
        String nameB;
        try (TestNode second = TestNode.start(db + "parley.cluster.seed-nodes = [\"pekko://parley@" + nameA + "\"]")) {
          nameB = name(second.node.system().address());
          JsonNode members = poll(httpA, "/cluster/members", m -> upCount(m) == 2);
          assertEquals(2, upCount(members), members.toString());

          first.node.dialogs().confirmed(dialog("call-on-a", 1_000, nameA));
          second.node.dialogs().confirmed(dialog("call-on-b", 2_000, nameB));
          // the Receptionist tells A of B's dialog lister within a moment
          JsonNode all = poll(httpA, "/dialogs", d -> d.path("nodes").size() == 2);
          assertEquals(2, all.path("total").asInt(), all.toString());
          assertEquals("call-on-b", all.path("dialogs").get(0).path("call_id").asText(), "newest first: " + all);
          assertEquals(nameB, all.path("dialogs").get(0).path("node").asText(), all.toString());
          assertEquals("call-on-a", all.path("dialogs").get(1).path("call_id").asText(), all.toString());
          assertEquals(0, all.path("missing").size(), all.toString());

          ManagementHttp.Answer one = httpA.send("GET", "/dialogs/call-on-b", null);
          assertEquals(200, one.status(), one.body());
          assertEquals(nameB, one.json().path("node").asText(), one.body());
          assertEquals("<sip:127.0.0.1:5060;lr>", one.json().path("callee").path("route_set").get(0).asText());
          assertEquals(404, httpA.send("GET", "/dialogs/call-nowhere", null).status());

          CliRun dialogs = CliRun.of("", "dialogs", "--management", uriA);
          assertEquals(0, dialogs.exit(), dialogs.err());
          assertTrue(dialogs.out().contains("call-on-a") && dialogs.out().contains("call-on-b"), dialogs.out());
          CliRun show = CliRun.of("", "dialog", "show", "call-on-b", "--management", uriA);
          assertEquals(0, show.exit(), show.err());
          assertTrue(show.out().contains(nameB), show.out());

          // an AOR entity, somewhere in the cluster
          try (SipProbe probe = new SipProbe(second.udp())) {
            String ok = TestRegister.of("carol", "example.com", "reg-cluster").contact("<sip:carol@127.0.0.1:5070>")
                .sendFrom(probe);
            assertEquals(200, SipProbe.status(ok), ok);
          }
          JsonNode shards = poll(httpA, "/shards", s -> entities(s, "Aor") == 1);
          assertEquals(List.of("Call", "Aor"), types(shards), shards.toString());
          assertEquals(1, entities(shards, "Aor"), shards.toString());

          CliRun cluster = CliRun.of("", "cluster", "--management", uriA);
          assertEquals(0, cluster.exit(), cluster.err());
          String[] lines = cluster.out().strip().split("\n");
          assertEquals(3, lines.length, cluster.out());
          assertTrue(lines[0].startsWith("NODE") && lines[0].contains("AOR SHARDS"), cluster.out());
          String leader = httpA.send("GET", "/cluster/members", null).json().path("leader").asText();
          for (String line : List.of(lines[1], lines[2])) {
            String node = line.substring(0, line.indexOf(' '));
            assertTrue(node.equals(nameA) || node.equals(nameB), cluster.out());
            assertTrue(line.contains(" Up ") && line.contains(" yes "), cluster.out());
            assertEquals(leader.endsWith("@" + node), line.contains(" leader "), cluster.out());
          }
          CliRun json = CliRun.of("", "cluster", "--json", "--management", uriA);
          JsonNode both = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
          assertEquals(2, both.path("members").path("members").size(), json.out());
          assertEquals(1, entities(both.path("shards"), "Aor"), json.out());
        }
        // closed as SIGTERM closes a node: it left, so A sees it removed and never unreachable
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode members;
        do {
          members = httpA.send("GET", "/cluster/members", null).json();
          assertEquals(0, members.path("unreachable").size(), "a node that left is never unreachable: " + members);
          if (members.path("members").size() == 1) {
            break;
          }
          Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertEquals(1, members.path("members").size(), members.toString());
        assertEquals("pekko://parley@" + nameA, members.path("members").get(0).path("node").asText());
        assertTrue(!members.toString().contains(nameB), members.toString());
      }
    }
  }

  private static String name(Address a) {
    return a.host().get() + ":" + a.port().get();
  }

  private static DialogInfo dialog(String callId, long setup, String node) {
    return new DialogInfo(callId, DialogState.CONFIRMED,
        new DialogLeg("sip:alice@example.com", "a-" + callId, "<sip:alice@127.0.0.1:5070>", List.of(), 1,
            "udp:127.0.0.1:5070"),
        new DialogLeg("sip:bob@example.com", "b-" + callId, "<sip:bob@127.0.0.1:5080>",
            List.of("<sip:127.0.0.1:5060;lr>"), 1, "udp:127.0.0.1:5080"),
        "sip:bob@example.com", "sip:bob@127.0.0.1:5080", setup, setup + 100, 0, node);
  }

  private static int upCount(JsonNode members) {
    int up = 0;
    for (JsonNode m : members.path("members")) {
      up += m.path("status").asText().equals("Up") ? 1 : 0;
    }
    return up;
  }

  private static long entities(JsonNode shards, String type) {
    for (JsonNode t : shards.path("types")) {
      if (t.path("type").asText().equals(type)) {
        return t.path("entities").asLong();
      }
    }
    return -1;
  }

  private static List<String> types(JsonNode shards) {
    List<String> names = new ArrayList<>();
    shards.path("types").forEach(t -> names.add(t.path("type").asText()));
    return names;
  }

  /** GETs {@code path} until {@code done} holds of its JSON (20 s at most); its last answer. */
  private static JsonNode poll(ManagementHttp http, String path, java.util.function.Predicate<JsonNode> done)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode last;
    do {
      ManagementHttp.Answer a = http.send("GET", path, null);
      last = a.status() == 200 ? a.json() : null;
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return last == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : last;
  }
}
