package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.admin.PrometheusText;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls that end by the proxy's clock, with SIPp phones that hold the call until a BYE comes:
 * the max duration ends a call whose BYE never came, after sharding's idle timeout has passed
 * (the entity holding the dialog is not passivated), and a confirmed call survives a restart of
 * its node, listed again and still ended on time, with its CDR.
 */
class DialogTimeoutSippTest {
  @TempDir Path dir;

  @BeforeEach
  void needsSipp() {
    Sipp.require();
  }

  @Test
  void aCallWithoutByeEndsAtItsMaxDurationAfterTheIdleTimeoutHasPassed() throws Exception {
    int calleePort = DialogSippTest.freePort();
    try (TestNode node = TestNode.start(config(calleePort, "4s") + """
        # sharding would passivate an idle entity after 1 s: a call entity must not be
        pekko.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout = 1s
        """)) {
      ManagementHttp http = new ManagementHttp(node);
      Sipp callee = Sipp.uas("uas_answer", calleePort).expect(1).start(dir, 60);
      Sipp caller = Sipp.uac("uac_held", node.udp(), "carol").calls(1, 1).start(dir, 60);
      JsonNode dialog = DialogPoll.awaitDialog(http, "confirmed", "carol");
      String callId = dialog.get("call_id").asText();
      Thread.sleep(2500); // past the idle timeout, still inside the max duration
      assertEquals(200, http.send("GET", "/dialogs/" + enc(callId), null).status());
      // neither phone hangs up: the proxy's BYE at 4 s ends both scenarios
      Sipp.assertCompleted(caller, callee);
      JsonNode cdr = DialogPoll.awaitCdr(http, callId);
      assertEquals("max-duration", cdr.get("ended_by").asText(), cdr.toString());
      assertEquals(4, cdr.get("duration").asInt(), cdr.toString());
      assertEquals(404, http.send("GET", "/dialogs/" + enc(callId), null).status());
    }
  }

  /**
   * At its limit of calls a node refuses new calls with 503, but never the BYE of a call it
   * carries: refused, it would leave that call up until its max duration.
   */
  @Test
  void aNodeAtItsCallLimitStillTakesTheByeOfACallItCarries() throws Exception {
    int calleePort = DialogSippTest.freePort();
    try (TestNode node = TestNode.start(config(calleePort, "1h") + """
        parley.limits.max-calls = 1
        parley.limits.max-stranger-calls = 1
        """)) {
      // the call's own entity is the node's one call: the BYE comes in at the limit
      Sipp callee = Sipp.uas("uas_answer", calleePort).expect(1).start(dir, 60);
      Sipp caller = Sipp.uac("uac_call", node.udp(), "carol").calls(1, 1).start(dir, 60);
      Sipp.assertCompleted(caller, callee);
      JsonNode cdr = DialogPoll.awaitCdrTo(new ManagementHttp(node), "carol");
      assertEquals("caller", cdr.get("ended_by").asText(), cdr.toString());
    }
  }

  @Test
  void aConfirmedCallOutlivesARestartOfItsNodeAndStillEndsOnTime() throws Exception {
    int calleePort = DialogSippTest.freePort();
    int sipPort = DialogSippTest.freePort();
    Path data = Files.createDirectories(dir.resolve("data"));
    String config = config(calleePort, "15s") + """
        parley.sip.listen = ["udp:127.0.0.1:%d"]
        # kept in the store once it has lasted a second
        parley.dialog.persist-after = 1s
        """.formatted(sipPort);
    Sipp callee = Sipp.uas("uas_answer", calleePort).expect(1).start(dir, 60);
    Sipp caller;
    String callId;
    TestNode first = TestNode.start(config, data);
    try {
      caller = Sipp.uac("uac_held", first.udp(), "carol").calls(1, 1).start(dir, 60);
      ManagementHttp http = new ManagementHttp(first);
      callId = DialogPoll.awaitDialog(http, "confirmed", "carol").get("call_id").asText();
      awaitStored(http);
    } finally {
      first.node.close(); // a normal shutdown, the data kept for the next start
    }
    try (TestNode second = TestNode.start(config, data)) {
      ManagementHttp http = new ManagementHttp(second);
      // the stored dialog is handed back to its entity as the node starts
      JsonNode listed = DialogPoll.awaitDialog(http, "confirmed", "carol");
      assertEquals(callId, listed.get("call_id").asText(), listed.toString());
      // the max duration counts from the answer, before the restart: both phones get their BYE
      Sipp.assertCompleted(caller, callee);
      JsonNode cdr = DialogPoll.awaitCdr(http, callId);
      assertEquals("max-duration", cdr.get("ended_by").asText(), cdr.toString());
      assertEquals(15, cdr.get("duration").asInt(), cdr.toString());
      assertTrue(http.send("GET", "/dialogs/" + enc(callId), null).status() == 404);
    }
  }

  /**
   * RFC 4028 §10: a call whose ends agreed a session timer and never refresh it outlives a restart
   * of its node and is ended when its session expires, not at its max duration (an hour here):
   * the expiry is stored with the dialog. The shortest session RFC 4028 allows is 90 s, so the
   * test lasts as long.
   */
  @Test
  void aSessionNeverRefreshedOutlivesARestartOfItsNodeAndEndsWhenItExpires() throws Exception {
    int calleePort = DialogSippTest.freePort();
    int sipPort = DialogSippTest.freePort();
    Path data = Files.createDirectories(dir.resolve("data-session"));
    String config = config(calleePort, "1h") + """
        parley.sip.listen = ["udp:127.0.0.1:%d"]
        parley.dialog.persist-after = 1s
        """.formatted(sipPort);
    Duration patience = Duration.ofSeconds(150);
    Sipp callee = Sipp.uas("uas_answer_session", calleePort).recvTimeout(patience).expect(1).start(dir, 200);
    Sipp caller;
    String callId;
    TestNode first = TestNode.start(config, data);
    try {
      caller = Sipp.uac("uac_held_session", first.udp(), "carol").recvTimeout(patience).calls(1, 1).start(dir, 200);
      ManagementHttp http = new ManagementHttp(first);
      JsonNode listed = DialogPoll.awaitDialog(http, "confirmed", "carol");
      callId = listed.get("call_id").asText();
      assertEquals(90, listed.get("session_interval").asInt(), listed.toString());
      awaitStored(http);
    } finally {
      first.node.close();
    }
    try (TestNode second = TestNode.start(config, data)) {
      ManagementHttp http = new ManagementHttp(second);
      JsonNode listed = DialogPoll.awaitDialog(http, "confirmed", "carol");
      assertEquals(callId, listed.get("call_id").asText(), listed.toString());
      assertEquals(90, listed.get("session_interval").asInt(), "the session came back with the dialog: " + listed);
      Sipp.assertCompleted(caller, callee);
      JsonNode cdr = DialogPoll.awaitCdr(http, callId);
      assertEquals("session-expired", cdr.get("ended_by").asText(), cdr.toString());
    }
  }

  /** Until the dialog store has written the confirmed dialog (parley.dialog.persist-after). */
  private static void awaitStored(ManagementHttp http) throws Exception {
    long until = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < until) {
      PrometheusText metrics = PrometheusText.parse(http.send("GET", "/metrics", null).body());
      if (metrics.value("parley_dialog_store_written_total") >= 1) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the confirmed dialog was not stored");
  }

  private static String config(int calleePort, String maxDuration) {
    return """
        parley.domains = ["example.com"]
        parley.proxy.authenticate = off
        parley.routing.static = [ { match = "sip:carol@example.com", target = "sip:127.0.0.1:%d" } ]
        parley.dialog.max-duration = %s
        parley.accounting.batch-interval = 100ms
        """.formatted(calleePort, maxDuration);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static int freePort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
