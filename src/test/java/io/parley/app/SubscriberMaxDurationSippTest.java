package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscriber's own max call duration on a real node, set over the provisioning API and obeyed
 * by the next call at once: bob, registered with SIPp, has 3 s of his own while the node's
 * {@code parley.dialog.max-duration} stays at its 12 h default; a call to him that no phone hangs
 * up ends after 3 s with a BYE to each side and a CDR of {@code max-duration}. Cleared again, his
 * next call has the node's default.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriberMaxDurationSippTest {
  private TestNode node;
  private ManagementHttp http;
  private int bobPort;
  @TempDir Path dir;

  @BeforeAll
  void start() throws Exception {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        # alice calls unauthenticated: the limit here is the callee's, bob's
        parley.proxy.authenticate = off
        parley.accounting.batch-interval = 100ms
        """);
    http = new ManagementHttp(node);
    ManagementHttp.Answer added = http.send("POST", "/subscribers", "{\"aor\":\"bob@example.com\",\"password\":\"bobpw\"}");
    assertEquals(201, added.status(), added.body());
    assertTrue(added.json().get("max_call_duration").isNull(), added.body());
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @BeforeEach
  void registerBob() throws Exception {
    Sipp.require();
    if (bobPort == 0) {
      bobPort = DialogSippTest.freePort();
      Sipp register = Sipp.uac("uac_register_digest", node.udp(), "bob")
          .key("contact_port", String.valueOf(bobPort)).auth("bob", "bobpw").calls(1, 1).start(dir, 30);
      assertTrue(register.succeeded(60), "bob's registration:\n" + register.output());
    }
  }

  @Test
  void aCallToASubscriberWithThreeSecondsOfHisOwnEndsAfterThreeSeconds() throws Exception {
    ManagementHttp.Answer set = http.send("PUT", "/subscribers/bob@example.com", "{\"max_call_duration\":\"3s\"}");
    assertEquals(200, set.status(), set.body());
    assertEquals(3, set.json().get("max_call_duration").asInt(), set.body());
    assertEquals(3, http.send("GET", "/subscribers/bob@example.com", null).json().get("max_call_duration").asInt());

    Sipp bob = Sipp.uas("uas_answer", bobPort).expect(1).start(dir, 60);
    Sipp alice = Sipp.uac("uac_held", node.udp(), "bob").calls(1, 1).start(dir, 60);
    JsonNode dialog = DialogPoll.awaitDialog(http, "confirmed", "bob");
    assertEquals(Duration.ofSeconds(3), deadlineAfterAnswer(dialog), dialog.toString());
    String callId = dialog.get("call_id").asText();
    // neither phone hangs up: the proxy's BYE to each ends both scenarios
    Sipp.assertCompleted(alice, bob);
    JsonNode cdr = DialogPoll.awaitCdr(http, callId);
    assertEquals("max-duration", cdr.get("ended_by").asText(), cdr.toString());
    assertEquals(3, cdr.get("duration").asInt(), cdr.toString());
    assertEquals(404, http.send("GET", "/dialogs/" + URLEncoder.encode(callId, StandardCharsets.UTF_8), null).status());
  }

  @Test
  void clearedHisCallsHaveTheNodesDefaultAgain() throws Exception {
    assertEquals(200, http.send("PUT", "/subscribers/bob@example.com", "{\"max_call_duration\":\"1h\"}").status());
    ManagementHttp.Answer cleared = http.send("PUT", "/subscribers/bob@example.com", "{\"max_call_duration\":null}");
    assertEquals(200, cleared.status(), cleared.body());
    assertTrue(cleared.json().get("max_call_duration").isNull(), cleared.body());

    Sipp bob = Sipp.uas("uas_answer", bobPort).expect(1).start(dir, 60);
    Sipp alice = Sipp.uac("uac_held", node.udp(), "bob").calls(1, 1).start(dir, 60);
    JsonNode dialog = DialogPoll.awaitDialog(http, "confirmed", "bob");
    // parley.dialog.max-duration's default (reference.conf)
    assertEquals(Duration.ofHours(12), deadlineAfterAnswer(dialog), dialog.toString());
    String callId = dialog.get("call_id").asText();
    assertEquals(200, http.send("DELETE", "/dialogs/" + URLEncoder.encode(callId, StandardCharsets.UTF_8), null).status());
    Sipp.assertCompleted(alice, bob);
    assertEquals("operator", DialogPoll.awaitCdr(http, callId).get("ended_by").asText());
  }

  @Test
  void aBadValueIsRefusedWithAMessageAndChangesNothing() throws Exception {
    assertEquals(200, http.send("PUT", "/subscribers/bob@example.com", "{\"max_call_duration\":90}").status());
    for (String bad : new String[] {"0", "\"8d\"", "\"soon\"", "1.5", "\"1500ms\""}) {
      ManagementHttp.Answer a = http.send("PUT", "/subscribers/bob@example.com", "{\"max_call_duration\":" + bad + "}");
      assertEquals(400, a.status(), bad + ": " + a.body());
      assertTrue(a.error().contains("max_call_duration"), a.body());
    }
    ManagementHttp.Answer post = http.send("POST", "/subscribers",
        "{\"aor\":\"carl@example.com\",\"password\":\"pw\",\"max_call_duration\":\"8 days\"}");
    assertEquals(400, post.status(), post.body());
    assertEquals(404, http.send("GET", "/subscribers/carl@example.com", null).status());
    assertEquals(90, http.send("GET", "/subscribers/bob@example.com", null).json().get("max_call_duration").asInt());
    assertEquals(404, http.send("PUT", "/subscribers/nobody@example.com", "{\"max_call_duration\":90}").status());
    assertEquals(200, http.send("PUT", "/subscribers/bob@example.com", "{\"max_call_duration\":null}").status());
  }

  private static Duration deadlineAfterAnswer(JsonNode dialog) {
    return Duration.between(Instant.parse(dialog.get("answer").asText()), Instant.parse(dialog.get("deadline").asText()));
  }
}
