package io.parley.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code parley dialogs}: the live calls of the whole cluster, asked of any node
 * ({@code GET /dialogs}, {@code io.parley.admin.DialogRoutes}), newest first, as a table
 * ({@link DialogText}); one page, with a note on stderr when there are more, and one naming the
 * nodes that did not answer (their calls are missing from the list). {@code --json} prints the
 * node's answer.
 */
@Command(name = "dialogs", description = {"List the live calls (dialogs) of the cluster, newest first; any node answers.",
    "'parley dialog show CALL-ID' shows one with both legs; 'parley dialog end CALL-ID' ends it."})
final class DialogsCommand implements Callable<Integer> {
  @ParentCommand ParleyCli root;
  @Spec CommandSpec spec;

  @Option(names = "--state", paramLabel = "STATE", description = "early (ringing) or confirmed (answered).")
  String state;

  @Option(names = "--caller", paramLabel = "TEXT", description = "Calls whose From URI contains TEXT.")
  String caller;

  @Option(names = "--callee", paramLabel = "TEXT", description = "Calls whose To URI contains TEXT.")
  String callee;

  @Option(names = "--domain", paramLabel = "DOMAIN", description = "Calls from or to DOMAIN.")
  String domain;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N, 1 to 1000 (default 100).")
  int limit;

  @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the newest N.")
  int offset;

  @Option(names = "--json", description = "Print the node's JSON answer.")
  boolean json;

  @Override
  public Integer call() {
    StringBuilder q = new StringBuilder("/dialogs?limit=").append(limit).append("&offset=").append(offset);
    ManagementClient.param(q, "state", state);
    ManagementClient.param(q, "caller", caller);
    ManagementClient.param(q, "callee", callee);
    ManagementClient.param(q, "domain", domain);
    String body = root.client().call("GET", q.toString(), null, 200);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(body);
    } else {
      JsonNode page = ManagementClient.json(body);
      JsonNode dialogs = page.path("dialogs");
      DialogText.table(dialogs, Instant.now(), out);
      int total = page.path("total").asInt(dialogs.size());
      PrintWriter err = spec.commandLine().getErr();
      if (offset + dialogs.size() < total) {
        err.println(dialogs.size() + " of " + total + " shown; --offset " + (offset + dialogs.size()) + " for more");
      }
      if (!page.path("missing").isEmpty()) {
        StringBuilder nodes = new StringBuilder();
        page.path("missing").forEach(n -> nodes.append(nodes.length() == 0 ? "" : ", ").append(n.asText()));
        err.println("not answered, their calls are not listed: " + nodes);
      }
      err.flush();
    }
    out.flush();
    return 0;
  }
}
