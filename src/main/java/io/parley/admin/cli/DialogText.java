package io.parley.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A dialog of {@code GET /dialogs} ({@code io.parley.admin.DialogRoutes}) as a person reads it:
 * a row of the {@code parley dialogs} table, or the block of {@code parley dialog show|end} with
 * both legs. "Duration" is the time since the answer, by this machine's clock; {@code -} for a
 * call not answered, or a value the node did not give.
 */
final class DialogText {
  static final String[] HEADER = {"CALL-ID", "STATE", "CALLER", "CALLEE", "ANSWERED", "DURATION", "NODE"};

  private DialogText() {}

  static String[] row(JsonNode d, Instant now) {
    return new String[] {text(d.path("call_id")), text(d.path("state")), text(d.path("caller").path("uri")),
        text(d.path("callee").path("uri")), text(d.path("answer")), duration(d, now), text(d.path("node"))};
  }

  static void table(JsonNode dialogs, Instant now, PrintWriter out) {
    TextTable t = new TextTable(HEADER);
    dialogs.forEach(d -> t.row(row(d, now)));
    t.print(out);
  }

  /** The whole dialog, a field a line, each leg indented under its side. */
  static List<String> block(JsonNode d, Instant now) {
    List<String> lines = new ArrayList<>();
    field(lines, "Call-ID", text(d.path("call_id")));
    field(lines, "State", text(d.path("state")));
    field(lines, "Node", text(d.path("node")));
    field(lines, "Setup", text(d.path("setup")));
    field(lines, "Answered", text(d.path("answer")));
    field(lines, "Duration", duration(d, now));
    field(lines, "Deadline", text(d.path("deadline")));
    field(lines, "Request-URI", text(d.path("original_uri")));
    field(lines, "Final URI", text(d.path("final_uri")));
    leg(lines, "Caller", d.path("caller"));
    leg(lines, "Callee", d.path("callee"));
    return lines;
  }

  static void print(JsonNode d, Instant now, PrintWriter out) {
    block(d, now).forEach(out::println);
  }

  /** Time since the answer: {@code 42s}, {@code 5m03s}, {@code 2h00m07s}. */
  static String duration(JsonNode d, Instant now) {
    JsonNode answer = d.path("answer");
    if (!answer.isTextual()) {
      return "-";
    }
    try {
      return format(Duration.between(Instant.parse(answer.textValue()), now));
    } catch (DateTimeParseException e) {
      return "-";
    }
  }

  static String format(Duration d) {
    long s = Math.max(0, d.toSeconds()); // a node's clock a little ahead of ours
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60);
  }

  private static void leg(List<String> lines, String side, JsonNode leg) {
    field(lines, side, text(leg.path("uri")));
    field(lines, "  tag", text(leg.path("tag")));
    field(lines, "  contact", text(leg.path("contact")));
    List<String> routes = new ArrayList<>();
    leg.path("route_set").forEach(r -> routes.add(r.asText()));
    field(lines, "  route set", routes.isEmpty() ? "-" : String.join(", ", routes));
    field(lines, "  CSeq", text(leg.path("cseq")));
    field(lines, "  flow", text(leg.path("flow")));
  }

  private static void field(List<String> lines, String name, String value) {
    lines.add(name + " ".repeat(Math.max(1, 13 - name.length())) + value);
  }

  /** A value on one line: line breaks as spaces, {@code -} when absent. */
  private static String text(JsonNode v) {
    return v.isMissingNode() || v.isNull() || v.asText().isEmpty() ? "-" : v.asText().replaceAll("[\\t\\r\\n]", " ");
  }
}
