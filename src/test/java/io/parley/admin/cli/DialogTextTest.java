package io.parley.admin.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.admin.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialogTextTest {
  private static final Instant NOW = Instant.parse("2026-12-06T08:02:05Z");

  private static JsonNode dialog(String answer) throws Exception {
    return Json.MAPPER.readTree("""
        {"call_id":"c1@host","state":"confirmed",
         "caller":{"uri":"sip:alice@example.com","tag":"ta","contact":"sip:alice@127.0.0.1:5070",
                   "route_set":[],"cseq":1,"flow":"udp:127.0.0.1:5070"},
         "callee":{"uri":"sip:bob@example.com","tag":"tb","contact":"sip:bob@127.0.0.1:5080",
                   "route_set":["<sip:127.0.0.1:5099;lr>","<sip:127.0.0.1:5098;lr>"],"cseq":7,"flow":null},
         "original_uri":"sip:bob@example.com","final_uri":"sip:bob@127.0.0.1:5080",
         "setup":"2026-12-06T08:00:00Z","answer":%s,"deadline":null,"node":"127.0.0.1:2552"}
        """.formatted(answer));
  }

  @Test
  void aRowHasTheCallIdStatePartiesAnswerDurationSoFarAndNode() throws Exception {
    assertArrayEquals(new String[] {"c1@host", "confirmed", "sip:alice@example.com", "sip:bob@example.com",
        "2026-12-06T08:00:01Z", "2m04s", "127.0.0.1:2552"}, DialogText.row(dialog("\"2026-12-06T08:00:01Z\""), NOW));
    String[] ringing = DialogText.row(dialog("null"), NOW);
    assertEquals("-", ringing[4]);
    assertEquals("-", ringing[5]);
  }

  @Test
  void durationsReadAsHoursMinutesSeconds() {
    assertEquals("0s", DialogText.format(Duration.ZERO));
    assertEquals("0s", DialogText.format(Duration.ofSeconds(-3)));
    assertEquals("59s", DialogText.format(Duration.ofSeconds(59)));
    assertEquals("1m00s", DialogText.format(Duration.ofSeconds(60)));
    assertEquals("2h00m07s", DialogText.format(Duration.ofSeconds(7207)));
  }

  @Test
  void aBlockShowsBothLegsWithTagsAndRouteSets() throws Exception {
    List<String> lines = DialogText.block(dialog("\"2026-12-06T08:00:01Z\""), NOW);
    assertTrue(lines.contains("Call-ID      c1@host"), lines.toString());
    assertTrue(lines.contains("Duration     2m04s"), lines.toString());
    assertTrue(lines.contains("Deadline     -"), lines.toString());
    int caller = lines.indexOf("Caller       sip:alice@example.com");
    int callee = lines.indexOf("Callee       sip:bob@example.com");
    assertTrue(caller > 0 && callee > caller, lines.toString());
    assertEquals("  tag        ta", lines.get(caller + 1));
    assertEquals("  route set  -", lines.get(caller + 3));
    assertEquals("  tag        tb", lines.get(callee + 1));
    assertEquals("  route set  <sip:127.0.0.1:5099;lr>, <sip:127.0.0.1:5098;lr>", lines.get(callee + 3));
    assertEquals("  flow       -", lines.get(callee + 5));
  }

  @Test
  void theTableHasAHeaderAndARowADialog() throws Exception {
    StringWriter s = new StringWriter();
    DialogText.table(Json.MAPPER.createArrayNode().add(dialog("null")), NOW, new PrintWriter(s, true));
    List<String> lines = s.toString().lines().toList();
    assertEquals(2, lines.size(), s.toString());
    assertTrue(lines.get(0).startsWith("CALL-ID  STATE      CALLER"), lines.get(0));
    assertTrue(lines.get(1).startsWith("c1@host  confirmed  sip:alice@example.com"), lines.get(1));
  }
}
