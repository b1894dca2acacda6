package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.admin.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parley dialogs} and {@code parley dialog show|end} run in-process against a running node
 * whose calls are SIPp phones: a held call is listed, shown with both legs and ended by the
 * operator with a BYE to each phone; a ringing call cannot be ended (409) and a Call-ID the node
 * does not hold is not found (404), each with the node's message and exit status 1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DialogCliTest {
  private TestNode node;
  private ManagementHttp http;
  private String management;
  private int heldPort;
  private int ringPort;
  @TempDir Path dir;

  @BeforeAll
  void start() throws Exception {
    heldPort = DialogSippTest.freePort();
    ringPort = DialogSippTest.freePort();
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.proxy.authenticate = off
        parley.routing.static = [
          { match = "sip:carol@example.com", target = "sip:127.0.0.1:%d" },
          { match = "sip:ring@example.com", target = "sip:127.0.0.1:%d" }
        ]
        parley.accounting.batch-interval = 100ms
        """.formatted(heldPort, ringPort));
    http = new ManagementHttp(node);
    management = node.node.managementUri().toString();
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @BeforeEach
  void needsSipp() {
    Sipp.require();
  }

  private CliRun cli(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--management";
    all[args.length + 1] = management;
    return CliRun.of("", all);
  }

  @Test
  void aHeldCallIsListedShownAndEndedFromTheCommandLine() throws Exception {
    Sipp callee = Sipp.uas("uas_answer", heldPort).expect(1).start(dir, 60);
    Sipp caller = Sipp.uac("uac_held", node.udp(), "carol").calls(1, 1).start(dir, 60);
    String callId = DialogPoll.awaitDialog(http, "confirmed", "carol").get("call_id").asText();

    CliRun list = cli("dialogs", "--callee", "carol");
    assertEquals(0, list.exit(), list.err());
    List<String> lines = list.out().lines().toList();
    assertEquals(2, lines.size(), list.out());
    assertTrue(lines.get(0).matches("CALL-ID +STATE +CALLER +CALLEE +ANSWERED +DURATION +NODE"), lines.get(0));
    assertTrue(lines.get(1).startsWith(callId + "  confirmed  sip:alice@example.com  sip:carol@example.com  20"),
        lines.get(1));
    assertTrue(lines.get(1).matches(".* \\d+s +127\\.0\\.0\\.1:\\d+"), lines.get(1));

    CliRun json = cli("dialogs", "--state", "confirmed", "--domain", "example.com", "--json");
    assertEquals(0, json.exit(), json.err());
    JsonNode page = Json.MAPPER.readTree(json.out());
    assertEquals(callId, page.get("dialogs").get(0).get("call_id").asText(), json.out());
    CliRun none = cli("dialogs", "--state", "early", "--callee", "carol");
    assertEquals(1, none.out().lines().count(), none.out());

    CliRun show = cli("dialog", "show", callId);
    assertEquals(0, show.exit(), show.err());
    assertTrue(show.out().contains("Call-ID      " + callId + "\n"), show.out());
    assertTrue(show.out().contains("State        confirmed\n"), show.out());
    assertTrue(show.out().contains("Caller       sip:alice@example.com\n  tag        "), show.out());
    assertTrue(show.out().contains("Callee       sip:carol@example.com\n  tag        "), show.out());
    assertTrue(show.out().contains("  route set  "), show.out());
    assertTrue(show.out().contains("Final URI    sip:127.0.0.1:" + heldPort + "\n"), show.out());
    CliRun showJson = cli("dialog", "show", callId, "--json");
    assertEquals(callId, Json.MAPPER.readTree(showJson.out()).get("call_id").asText(), showJson.out());

    CliRun end = cli("dialog", "end", callId);
    assertEquals(0, end.exit(), end.err());
    assertTrue(end.out().contains("State        terminated\n"), end.out());
    // both phones took their BYE: each scenario ends with it
    Sipp.assertCompleted(caller, callee);
    assertEquals("operator", DialogPoll.awaitCdr(http, callId).get("ended_by").asText());

    CliRun again = cli("dialog", "end", callId);
    assertEquals(1, again.exit(), again.out());
    assertTrue(again.err().contains("no confirmed dialog with Call-ID " + callId) && again.err().contains("HTTP 404"),
        again.err());
    CliRun gone = cli("dialog", "show", callId);
    assertEquals(1, gone.exit(), gone.out());
    assertTrue(gone.err().contains("no dialog with Call-ID " + callId), gone.err());
    assertEquals(1, cli("dialogs", "--callee", "carol").out().lines().count());
  }

  @Test
  void aRingingCallCannotBeEnded() throws Exception {
    Sipp callee = Sipp.uas("uas_ring", ringPort).expect(1).start(dir, 60);
    try (SipProbe phone = new SipProbe(node.udp())) {
      String callId = "ringing-cli@127.0.0.1";
      phone.send(TestInvite.of("sip:ring@example.com", callId).from("sip:alice@example.com")
          .header("Contact: <sip:alice@127.0.0.1:" + phone.localPort() + ">").bytes(phone));
      DialogPoll.awaitDialog(http, "early", "ring");
      CliRun early = cli("dialogs", "--state", "early");
      assertTrue(early.out().lines().anyMatch(l -> l.matches(java.util.regex.Pattern.quote(callId) + "  early  .*  - +- +127\\.0\\.0\\.1:\\d+")),
          early.out() + early.err() + http.send("GET", "/dialogs", null).body());
      CliRun end = cli("dialog", "end", callId);
      assertEquals(1, end.exit(), end.out());
      assertTrue(end.err().contains("not answered yet") && end.err().contains("HTTP 409"), end.err());
    } finally {
      callee.kill();
    }
  }

  @Test
  void badOptionsAreRefusedByTheNodeWithItsMessage() {
    CliRun bad = cli("dialogs", "--state", "ringing");
    assertEquals(1, bad.exit(), bad.out());
    assertTrue(bad.err().contains("state must be early or confirmed"), bad.err());
    CliRun limit = cli("dialogs", "--limit", "0");
    assertEquals(1, limit.exit());
    assertTrue(limit.err().contains("limit"), limit.err());
  }
}
