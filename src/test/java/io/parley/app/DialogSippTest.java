package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.admin.PrometheusText;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dialogs an operator sees and ends (RFC 3261 §12), with SIPp on both sides of a real node: a
 * call held by both phones is listed as confirmed over HTTP, and {@code DELETE /dialogs/{callId}}
 * ends it with a BYE to each; a call that ends normally leaves the list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DialogSippTest {
  private TestNode node;
  private ManagementHttp http;
  private int answerPort;
  private int heldPort;
  private int ringPort;
  private int busyPort;
  @TempDir Path dir;

  @BeforeAll
  void start() throws Exception {
    answerPort = freePort();
    heldPort = freePort();
    ringPort = freePort();
    busyPort = freePort();
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.proxy.authenticate = off
        parley.routing.static = [
          { match = "sip:bob@example.com", target = "sip:127.0.0.1:%d" },
          { match = "sip:carol@example.com", target = "sip:127.0.0.1:%d" },
          { match = "sip:ring@example.com", target = "sip:127.0.0.1:%d" },
          { match = "sip:busy@example.com", target = "sip:127.0.0.1:%d" }
        ]
        # CDRs reach the table within a tenth of a second
        parley.accounting.batch-interval = 100ms
        """.formatted(answerPort, heldPort, ringPort, busyPort));
    http = new ManagementHttp(node);
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

  @Test
  void aHeldCallIsListedConfirmedAndAnOperatorEndsItWithAByeToEachSide() throws Exception {
    Sipp callee = Sipp.uas("uas_answer", heldPort).expect(1).start(dir, 60);
    Sipp caller = Sipp.uac("uac_held", node.udp(), "carol").calls(1, 1).start(dir, 60);
    JsonNode dialog = DialogPoll.awaitDialog(http, "confirmed", "carol");
    assertTrue(dialog.get("caller").get("uri").asText().contains("alice@example.com"), dialog.toString());
    assertNotNull(dialog.get("callee").get("tag").textValue(), dialog.toString());
    assertNotNull(dialog.get("answer").textValue(), dialog.toString());
    assertEquals("sip:127.0.0.1:" + heldPort, dialog.get("final_uri").asText());
    String callId = dialog.get("call_id").asText();
    String path = "/dialogs/" + URLEncoder.encode(callId, StandardCharsets.UTF_8);

    ManagementHttp.Answer shown = http.send("GET", path, null);
    assertEquals(200, shown.status(), shown.body());
    assertEquals(callId, shown.json().get("call_id").asText());

    ManagementHttp.Answer ended = http.send("DELETE", path, null);
    assertEquals(200, ended.status(), ended.body());
    assertEquals("terminated", ended.json().get("state").asText());
    // both phones took a BYE and answered it: each scenario ends with it
    Sipp.assertCompleted(caller, callee);
    assertEquals(404, http.send("GET", path, null).status());
    assertEquals(404, http.send("DELETE", path, null).status());

    JsonNode cdr = DialogPoll.awaitCdr(http, callId);
    assertEquals("operator", cdr.get("ended_by").asText(), cdr.toString());
    assertEquals(200, cdr.get("status").asInt());
    assertEquals("sip:127.0.0.1:" + heldPort, cdr.get("final_uri").asText());
    assertNotNull(cdr.get("answer_time").textValue());
    long held = java.time.Duration.between(java.time.Instant.parse(cdr.get("answer_time").asText()),
        java.time.Instant.parse(cdr.get("end_time").asText())).toSeconds();
    assertEquals(held, cdr.get("duration").asLong(), 1, cdr.toString());

    PrometheusText metrics = PrometheusText.parse(http.send("GET", "/metrics", null).body());
    assertTrue(metrics.value("parley_cdrs_written_total") >= 1, "CDRs written, in /metrics");
    assertEquals(0, metrics.value("parley_cdrs_dropped_total"));
    // a call ended within parley.dialog.persist-after never reached the dialog store
    assertEquals(0, metrics.value("parley_dialog_store_dropped_total"));
    assertEquals(0, metrics.value("parley_dialogs_active", "state", "confirmed"));
  }

  /** RFC 3261 §15.1.1: the caller's BYE ends the call; its CDR says the caller hung up. */
  @Test
  void anAnsweredCallHasACdrOfTheCallerHangingUp() throws Exception {
    Sipp callee = Sipp.uas("uas_answer", answerPort).expect(1).start(dir, 60);
    Sipp caller = Sipp.uac("uac_call", node.udp(), "bob").calls(1, 1).start(dir, 60);
    Sipp.assertCompleted(caller, callee);
    JsonNode cdr = DialogPoll.awaitCdrTo(http, "bob");
    assertEquals("caller", cdr.get("ended_by").asText(), cdr.toString());
    assertEquals(200, cdr.get("status").asInt());
    assertEquals("sip:bob@example.com", cdr.get("original_uri").asText());
  }

  /** A missed call: the caller cancels while it rings, 487 (Kamailio's acc missed-call flag). */
  @Test
  void aMissedCallHasACdr() throws Exception {
    Sipp callee = Sipp.uas("uas_ring", ringPort).expect(1).start(dir, 60);
    Sipp caller = Sipp.uac("uac_cancel", node.udp(), "ring").calls(1, 1).start(dir, 60);
    Sipp.assertCompleted(caller, callee);
    JsonNode cdr = DialogPoll.awaitCdrTo(http, "ring");
    assertEquals(487, cdr.get("status").asInt(), cdr.toString());
    assertEquals("caller", cdr.get("ended_by").asText(), cdr.toString());
    assertTrue(cdr.get("answer_time").isNull(), cdr.toString());
    assertEquals(0, cdr.get("duration").asInt());
  }

  @Test
  void aFailedCallHasACdr() throws Exception {
    Sipp callee = Sipp.uas("uas_reject_486", busyPort).expect(1).start(dir, 60);
    Sipp caller = Sipp.uac("uac_final_486", node.udp(), "busy").calls(1, 1).start(dir, 60);
    Sipp.assertCompleted(caller, callee);
    JsonNode cdr = DialogPoll.awaitCdrTo(http, "busy");
    assertEquals(486, cdr.get("status").asInt(), cdr.toString());
    assertEquals("callee", cdr.get("ended_by").asText(), cdr.toString());
  }

  @Test
  void aCallThatEndsNormallyLeavesTheList() throws Exception {
    Sipp callee = Sipp.uas("uas_answer", answerPort).expect(3).start(dir, 60);
    Sipp caller = Sipp.uac("uac_call", node.udp(), "bob").calls(3, 10).start(dir, 60);
    Sipp.assertCompleted(caller, callee);
    JsonNode list = http.send("GET", "/dialogs?callee=bob", null).json();
    assertEquals(0, list.get("total").asInt(), list.toString());
  }

  @Test
  void badFiltersAreRefusedWithAMessage() throws Exception {
    ManagementHttp.Answer a = http.send("GET", "/dialogs?state=ringing", null);
    assertEquals(400, a.status(), a.body());
    assertTrue(a.error().contains("state"), a.body());
    assertEquals(400, http.send("GET", "/dialogs?limit=0", null).status());
    assertEquals(404, http.send("GET", "/dialogs/nothing-here", null).status());
  }

  static int freePort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
