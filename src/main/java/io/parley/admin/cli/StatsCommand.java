package io.parley.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code parley stats}: the SIP counters of a running node ({@code GET /stats},
 * {@code io.parley.admin.StatsRoutes}), as Kamailio's {@code kamcmd stats.get_statistics all}
 * shows them: one line a counter, its dotted name and its value separated by a tab
 * ({@code responses.sent.200	12}), so that scripts can cut and grep it; {@code --json} prints
 * the node's answer as it came.
 */
@Command(name = "stats", description = {"Show a node's SIP counters: requests by method, responses by code, "
    + "transactions, dialogs, registrations, drops, authentication failures.",
    "Counters are per node and since its start: ask each node of a cluster."})
final class StatsCommand implements Callable<Integer> {
  @ParentCommand ParleyCli root;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the node's JSON answer.")
  boolean json;

  @Override
  public Integer call() {
    String body = root.client().call("GET", "/stats", null, 200);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(body);
    } else {
      print(out, "", ManagementClient.json(body));
    }
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, String prefix, JsonNode node) {
    if (!node.isObject()) {
      out.println(prefix + '\t' + node.asText());
      return;
    }
    for (var fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> f = fields.next();
      print(out, prefix.isEmpty() ? f.getKey() : prefix + '.' + f.getKey(), f.getValue());
    }
  }
}
