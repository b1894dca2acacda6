package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test parser of the text format refuses what Prometheus would, and reads what it would. */
class PrometheusTextTest {
  private static final String VALID = """
      # HELP parley_sip_requests_total SIP requests received, by \\\\ method\\n
      # TYPE parley_sip_requests_total counter
      parley_sip_requests_total{method="INVITE"} 3.0
      parley_sip_requests_total{method="OPTIONS",} 1 1700000000000
      # a comment of no kind
      # TYPE lat_seconds histogram
      lat_seconds_bucket{le="0.005"} 1
      lat_seconds_bucket{le="+Inf"} 2
      lat_seconds_count 2
      lat_seconds_sum 0.75
      # TYPE odd gauge
      odd{path="a\\"b\\\\c\\nd"} NaN
      untyped_thing -Inf
      """;

  @Test
  void readsFamiliesTypesLabelsAndValues() {
    PrometheusText text = PrometheusText.parse(VALID);
    assertEquals("counter", text.families().get("parley_sip_requests_total").type());
    assertEquals("SIP requests received, by \\ method\n", text.families().get("parley_sip_requests_total").help());
    assertEquals(3.0, text.value("parley_sip_requests_total", "method", "INVITE"));
    assertEquals(4.0, text.value("parley_sip_requests_total"));
    assertEquals(2, text.value("lat_seconds_bucket", "le", "+Inf"));
    assertEquals("histogram", text.families().get("lat_seconds").type());
    assertEquals("a\"b\\c\nd", text.families().get("odd").samples().get(0).labels().get("path"));
    assertTrue(Double.isNaN(text.value("odd")));
    assertEquals("untyped", text.families().get("untyped_thing").type());
    assertTrue(Double.isNaN(text.value("no_such_metric")));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "9starts_with_a_digit 1\n",
      "name{label=\"unclosed} 1\n",
      "name{label=unquoted} 1\n",
      "name{la-bel=\"x\"} 1\n",
      "name{label=\"bad escape \\t\"} 1\n",
      "name{a=\"1\",a=\"2\"} 1\n",
      "name{a=\"1\" b=\"2\"} 1\n",
      "name one\n",
      "name 1 2 3\n",
      "name 1 1.5\n",
      "name\n",
      "name 1",
      "# TYPE name counter\n# TYPE name counter\nname 1\n",
      "# TYPE name kounter\nname 1\n",
      "name 1\n# TYPE name counter\n",
      "# HELP name one\n# HELP name two\nname 1\n",
      "a 1\nb 1\na{x=\"1\"} 2\n",
      "a 1\na 2\n",
      "# TYPE h histogram\nh 1\n",
      "# TYPE h histogram\nh_bucket 1\n",
      "# TYPE s summary\ns 1\n",
  })
  void refusesMalformedInput(String text) {
    assertThrows(PrometheusText.FormatException.class, () -> PrometheusText.parse(text));
  }
}
