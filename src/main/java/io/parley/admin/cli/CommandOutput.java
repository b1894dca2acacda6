package io.parley.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command prints on its standard output: the node's JSON answer as it came ({@code --json}),
 * or one tab-separated line a record, so that scripts can cut and grep it.
 */
final class CommandOutput {
  private CommandOutput() {
  }

  /** One record: the JSON answer, or its line. */
  static void record(CommandSpec spec, String body, boolean json, Function<JsonNode, String> line) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? body : line.apply(ManagementClient.json(body)));
    out.flush();
  }

  /** The records of the array {@code field} of the answer: the JSON answer, or a line each. */
  static void records(CommandSpec spec, String body, boolean json, String field, Function<JsonNode, String> line) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(body);
    } else {
      ManagementClient.json(body).path(field).forEach(r -> out.println(line.apply(r)));
    }
    out.flush();
  }

  /** A sentence saying what was done, e.g. {@code removed example.org}. */
  static void done(CommandSpec spec, String sentence) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(sentence);
    out.flush();
  }
}
