package io.parley.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Waits for what a node's management API shows of calls: dialogs and CDRs. */
final class DialogPoll {
  private DialogPoll() {}

  /** The first dialog in {@code state} whose callee contains {@code callee}, within 15 s. */
  static JsonNode awaitDialog(ManagementHttp http, String state, String callee) throws Exception {
    long until = System.nanoTime() + 15_000_000_000L;
    JsonNode list = null;
    while (System.nanoTime() < until) {
      list = http.send("GET", "/dialogs?state=" + state + "&callee=" + callee, null).json();
      if (list.get("total").asInt() > 0) {
        return list.get("dialogs").get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + state + " dialog to " + callee + " listed: " + list);
  }

  static JsonNode awaitCdr(ManagementHttp http, String callId) throws Exception {
    return awaitCdrs(http, "/cdrs?call-id=" + URLEncoder.encode(callId, StandardCharsets.UTF_8));
  }

  /** The newest CDR of a call to {@code user}@example.com. */
  static JsonNode awaitCdrTo(ManagementHttp http, String user) throws Exception {
    return awaitCdrs(http, "/cdrs?callee=" + user + "@example.com");
  }

  private static JsonNode awaitCdrs(ManagementHttp http, String query) throws Exception {
    long until = System.nanoTime() + 15_000_000_000L;
    JsonNode list = null;
    while (System.nanoTime() < until) {
      list = http.send("GET", query, null).json();
      if (list.get("cdrs").size() > 0) {
        return list.get("cdrs").get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no CDR for " + query + ": " + list);
  }
}
