package io.parley.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code parley cdrs}: the call detail records of the cluster ({@code GET /cdrs},
 * {@code io.parley.admin.CdrRoutes}), newest first, as a table: setup time, caller, callee,
 * duration, status, who ended the call, Call-ID. {@code --json} prints the node's answer,
 * {@code --csv} its CSV.
 */
@Command(name = "cdrs", description = {"List call detail records (every call attempt, answered or not), newest first.",
    "Times are ISO 8601 instants (2026-12-06T08:00:00Z) or epoch milliseconds."})
final class CdrCommand implements Callable<Integer> {
  @ParentCommand ParleyCli root;
  @Spec CommandSpec spec;

  @Option(names = "--from", paramLabel = "TIME", description = "Calls set up at or after TIME.")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "Calls set up before TIME.")
  String to;

  @Option(names = "--caller", paramLabel = "URI", description = "Calls from URI (alice@example.com: sip: or sips:).")
  String caller;

  @Option(names = "--callee", paramLabel = "URI", description = "Calls to URI.")
  String callee;

  @Option(names = "--call-id", paramLabel = "CALL-ID", description = "The records of one Call-ID.")
  String callId;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N (default 100).")
  int limit;

  @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the newest N.")
  int offset;

  @Option(names = "--json", description = "Print the node's JSON answer.")
  boolean json;

  @Option(names = "--csv", description = "Print CSV, a header line and a line a record.")
  boolean csv;

  @Override
  public Integer call() {
    if (json && csv) {
      throw new CliFailure("--json and --csv: choose one");
    }
    StringBuilder q = new StringBuilder("/cdrs?limit=").append(limit).append("&offset=").append(offset);
    ManagementClient.param(q, "from", from);
    ManagementClient.param(q, "to", to);
    ManagementClient.param(q, "caller", caller);
    ManagementClient.param(q, "callee", callee);
    ManagementClient.param(q, "call-id", callId);
    if (csv) {
      q.append("&format=csv");
    }
    String body = root.client().call("GET", q.toString(), null, 200);
    PrintWriter out = spec.commandLine().getOut();
    if (json || csv) {
      out.print(csv ? body : body + System.lineSeparator());
    } else {
      TextTable t = new TextTable("SETUP", "CALLER", "CALLEE", "DURATION", "STATUS", "ENDED-BY", "CALL-ID");
      for (JsonNode c : ManagementClient.json(body).path("cdrs")) {
        t.row(c.path("setup_time").asText(), c.path("caller").asText(), c.path("callee").asText(),
            c.path("duration").asText() + "s", c.path("status").asText() + " " + c.path("reason").asText(""),
            c.path("ended_by").asText(), c.path("call_id").asText());
      }
      t.print(out);
    }
    out.flush();
    return 0;
  }
}
