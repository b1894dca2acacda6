package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MaxCallDurationTest {

  private static JsonNode value(String json) throws Exception {
    return Json.MAPPER.readTree("{\"v\":" + json + "}").get("v");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "7200|7200", "'\"7200\"'|7200", "'\"2h\"'|7200", "'\"90s\"'|90", "'\"30 minutes\"'|1800", "'\"3m\"'|180",
      "'\"PT2H\"'|7200", "'\" 1d \"'|86400", "1|1", "604800|604800", "'\"7d\"'|604800", "'\"1500ms\"'|-1"})
  void readsSecondsConfigurationDurationsAndIso8601(String json, long seconds) throws Exception {
    if (seconds < 0) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> MaxCallDuration.fromJson(value(json)));
      assertTrue(e.getMessage().contains("whole seconds"), e.getMessage());
      return;
    }
    assertEquals(Duration.ofSeconds(seconds), MaxCallDuration.fromJson(value(json)));
  }

  @Test
  void nullIsTheNodesDefault() throws Exception {
    assertNull(MaxCallDuration.fromJson(value("null")));
    assertNull(MaxCallDuration.fromJson(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "604801", "99999999999999999999999", "\"8d\"", "\"-2h\"", "\"0s\"", "\"PT0S\""})
  void outOfBoundsIsRefusedNamingTheBounds(String json) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MaxCallDuration.fromJson(value(json)));
    assertTrue(e.getMessage().contains("max_call_duration") && e.getMessage().contains("1s to 7d"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"two hours\"", "\"\"", "true", "1.5", "[60]", "{}", "\"P\"", "\"${x}\"", "\"2 h h\""})
  void whatIsNoDurationIsRefusedWithTheFormsThatAre(String json) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MaxCallDuration.fromJson(value(json)));
    assertTrue(e.getMessage().contains("\"2h\""), e.getMessage());
  }

  @Test
  void isShownAsSecondsOrNull() {
    var o = Json.MAPPER.createObjectNode();
    MaxCallDuration.put(o, Duration.ofHours(2));
    assertEquals("{\"max_call_duration\":7200}", o.toString());
    MaxCallDuration.put(o, null);
    assertEquals("{\"max_call_duration\":null}", o.toString());
  }
}
