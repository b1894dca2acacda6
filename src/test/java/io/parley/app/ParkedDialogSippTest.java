package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.admin.PrometheusText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A confirmed call whose transactions are over leaves its call entity and is parked on its node
 * (bench/RESULTS.md: an actor per quiet call costs more than the call), with SIPp phones through a
 * real node: still listed, then ended by the caller's BYE, by an operator, or by its max duration,
 * each with its CDR. T1 is 50 ms here, so the INVITE's transactions end after 3.2 s (64*T1).
 */
class ParkedDialogSippTest {
  @TempDir Path dir;

  @BeforeEach
  void needsSipp() {
    Sipp.require();
  }

  @Test
  void aParkedCallIsEndedByItsCallersBye() throws Exception {
    int calleePort = DialogSippTest.freePort();
    try (TestNode node = TestNode.start(config(calleePort, "1h"))) {
      ManagementHttp http = new ManagementHttp(node);
      Sipp callee = Sipp.uas("uas_answer", calleePort).expect(1).start(dir, 60);
      Sipp caller = Sipp.uac("uac_call_paused", node.udp(), "carol").pause(Duration.ofSeconds(7))
          .calls(1, 1).start(dir, 60);
      String callId = awaitParked(http);
      Sipp.assertCompleted(caller, callee);
      JsonNode cdr = DialogPoll.awaitCdr(http, callId);
      assertEquals("caller", cdr.get("ended_by").asText(), cdr.toString());
      assertEquals(7, cdr.get("duration").asInt(), cdr.toString());
      assertEquals(0, metrics(http).value("parley_dialogs_parked"));
    }
  }

  @Test
  void anOperatorEndsAParkedCallWithAByeToEachPhone() throws Exception {
    int calleePort = DialogSippTest.freePort();
    try (TestNode node = TestNode.start(config(calleePort, "1h"))) {
      ManagementHttp http = new ManagementHttp(node);
      Sipp callee = Sipp.uas("uas_answer", calleePort).expect(1).start(dir, 60);
      Sipp caller = Sipp.uac("uac_held", node.udp(), "carol").calls(1, 1).start(dir, 60);
      String callId = awaitParked(http);
      assertEquals(200, http.send("DELETE", "/dialogs/" + enc(callId), null).status());
      Sipp.assertCompleted(caller, callee);
      assertEquals("operator", DialogPoll.awaitCdr(http, callId).get("ended_by").asText());
    }
  }

  @Test
  void aParkedCallEndsAtItsMaxDuration() throws Exception {
    int calleePort = DialogSippTest.freePort();
    try (TestNode node = TestNode.start(config(calleePort, "7s"))) {
      ManagementHttp http = new ManagementHttp(node);
      Sipp callee = Sipp.uas("uas_answer", calleePort).expect(1).start(dir, 60);
      Sipp caller = Sipp.uac("uac_held", node.udp(), "carol").calls(1, 1).start(dir, 60);
      String callId = awaitParked(http);
      Sipp.assertCompleted(caller, callee);
      JsonNode cdr = DialogPoll.awaitCdr(http, callId);
      assertEquals("max-duration", cdr.get("ended_by").asText(), cdr.toString());
      assertEquals(7, cdr.get("duration").asInt(), cdr.toString());
      assertEquals(404, http.send("GET", "/dialogs/" + enc(callId), null).status());
    }
  }

  /**
   * Until the node reports the call parked and no call entity live, while {@code GET /dialogs}
   * still shows it confirmed.
   *
   * @return its Call-ID
   */
  private static String awaitParked(ManagementHttp http) throws Exception {
    String callId = DialogPoll.awaitDialog(http, "confirmed", "carol").get("call_id").asText();
    long until = System.nanoTime() + 15_000_000_000L;
    PrometheusText m = metrics(http);
    while (System.nanoTime() < until && !(m.value("parley_dialogs_parked") == 1 && m.value("parley_calls_live") == 0)) {
      Thread.sleep(100);
      m = metrics(http);
    }
    assertEquals(1, m.value("parley_dialogs_parked"), "parked calls");
    assertEquals(0, m.value("parley_calls_live"), "call entities live");
    assertEquals(1, http.send("GET", "/stats", null).json().at("/dialogs/parked").asLong());
    JsonNode listed = http.send("GET", "/dialogs/" + enc(callId), null).json();
    assertEquals("confirmed", listed.get("state").asText(), listed.toString());
    return callId;
  }

  private static PrometheusText metrics(ManagementHttp http) throws Exception {
    return PrometheusText.parse(http.send("GET", "/metrics", null).body());
  }

  private static String config(int calleePort, String maxDuration) {
    return """
        parley.domains = ["example.com"]
        parley.proxy.authenticate = off
        parley.routing.static = [ { match = "sip:carol@example.com", target = "sip:127.0.0.1:%d" } ]
        parley.dialog.max-duration = %s
        parley.dialog.persist-after = 1s
        parley.sip.timers.t1 = 50ms
        parley.accounting.batch-interval = 100ms
        """.formatted(calleePort, maxDuration);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
