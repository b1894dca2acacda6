package io.parley.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.parley.auth.Subscriber;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The {@code "max_call_duration"} field of a subscriber in the provisioning API: how long a call
 * the subscriber makes or takes may last before Parley ends it (BYE both ways, CDR
 * {@code max-duration}), in place of {@code parley.dialog.max-duration}.
 *
 * <p>Written as a number of seconds ({@code 7200}), a string of digits (seconds), a duration
 * as the configuration writes one ({@code "2h"}, {@code "90s"}, {@code "30 minutes"}; HOCON's
 * {@code m} is minutes) or an ISO 8601 duration ({@code "PT2H"}); {@code null} for the node's
 * default. Whole seconds from 1 s to 7 days, the bounds of {@code parley.dialog.max-duration}.
 * Read back as a number of seconds, or {@code null}.
 */
final class MaxCallDuration {
  static final String FIELD = "max_call_duration";

  private MaxCallDuration() {}

  /**
   * The duration a field's value names; {@code null} for JSON null.
   *
   * @throws IllegalArgumentException with a message for the operator if it names none, or one
   *     out of bounds
   */
  static Duration fromJson(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    Duration d;
    if (v.isIntegralNumber()) {
      d = seconds(v.canConvertToLong() ? v.longValue() : Long.MAX_VALUE);
    } else if (v.isTextual()) {
      d = parse(v.textValue().strip());
    } else {
      throw invalid(v.toString());
    }
    try {
      return Subscriber.requireCallDuration(d);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + FIELD + "': " + e.getMessage());
    }
  }

  /** How the API shows it: whole seconds, or null. */
  static void put(ObjectNode o, Duration d) {
    if (d == null) {
      o.putNull(FIELD);
    } else {
      o.put(FIELD, d.toSeconds());
    }
  }

  private static Duration parse(String text) {
    if (text.isEmpty()) {
      throw invalid("\"\"");
    }
    if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // bare digits are seconds, as a JSON number is, not HOCON's milliseconds
      return seconds(text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text));
    }
    if (text.charAt(0) == 'P' || text.charAt(0) == 'p') {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw invalid("\"" + text + "\"");
      }
    }
    try {
      // the text as one string value, never parsed as HOCON: no substitution, no include
      return ConfigFactory.empty().withValue("d", ConfigValueFactory.fromAnyRef(text)).getDuration("d");
    } catch (ConfigException e) {
      throw invalid("\"" + text + "\"");
    }
  }

  private static Duration seconds(long n) {
    // beyond 7 days anyway; capped so that Duration does not overflow
    return Duration.ofSeconds(Math.min(n, Subscriber.MAX_CALL_DURATION.toSeconds() + 1));
  }

  private static IllegalArgumentException invalid(String value) {
    return new IllegalArgumentException("'" + FIELD + "' must be seconds (7200), a duration such as \"2h\", "
        + "\"90s\" or \"PT2H\", or null for the node's default; was " + value);
  }
}
