package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call whose callee goes silent, ended by the proxy's in-dialog OPTIONS pings
 * ({@code parley.dialog.ping-interval}), with SIPp on both sides of a real node: the caller
 * answers its pings 200, the callee answers the INVITE and then none of its pings; when the
 * callee's ping times out (Timer F, 64*T1, with T1 at 100 ms here) the proxy sends BYE both
 * ways, and the CDR says {@code ping-timeout}.
 */
class DialogPingSippTest {
  @TempDir Path dir;

  @BeforeEach
  void needsSipp() {
    Sipp.require();
  }

  @Test
  void aCalleeThatStopsAnsweringPingsIsHungUpWithAByeToEachSide() throws Exception {
    int calleePort = DialogSippTest.freePort();
    try (TestNode node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.proxy.authenticate = off
        parley.routing.static = [ { match = "sip:dave@example.com", target = "sip:127.0.0.1:%d" } ]
        parley.dialog.ping-interval = 5s
        # Timer F, when a ping is given up, is 64*T1: 6.4 s
        parley.sip.timers.t1 = 100ms
        parley.accounting.batch-interval = 100ms
        """.formatted(calleePort))) {
      ManagementHttp http = new ManagementHttp(node);
      Sipp callee = Sipp.uas("uas_answer_silent", calleePort).expect(1).start(dir, 60);
      Sipp caller = Sipp.uac("uac_pinged", node.udp(), "dave").calls(1, 1).start(dir, 60);
      String callId = DialogPoll.awaitDialog(http, "confirmed", "dave").get("call_id").asText();
      // the callee heard a ping and went away; the caller answered its pings and took a BYE
      Sipp.assertCompleted(caller, callee);
      JsonNode cdr = DialogPoll.awaitCdr(http, callId);
      assertEquals("ping-timeout", cdr.get("ended_by").asText(), cdr.toString());
      assertEquals(200, cdr.get("status").asInt(), cdr.toString());
      assertEquals(404, http.send("GET", "/dialogs/" + URLEncoder.encode(callId, StandardCharsets.UTF_8), null)
          .status());
    }
  }
}
