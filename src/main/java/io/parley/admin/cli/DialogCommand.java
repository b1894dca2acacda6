package io.parley.admin.cli;

import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley dialog show|end CALL-ID}: one live call of a node ({@code GET} and
 * {@code DELETE /dialogs/{callId}}, {@code io.parley.admin.DialogRoutes}), printed with both
 * legs ({@link DialogText}). A Call-ID the node does not hold (404) or a call not answered yet
 * (409, for end) is a failure with the node's message and exit status 1.
 */
@Command(name = "dialog", synopsisSubcommandLabel = "COMMAND",
    description = "Show or end one live call (dialog); 'parley dialogs' lists them.",
    subcommands = {DialogCommand.Show.class, DialogCommand.End.class})
final class DialogCommand extends CommandGroup {

  static String path(String callId) {
    return "/dialogs/" + ManagementClient.segment(callId);
  }

  @Command(name = "show", description = "Show a call: both legs with their tags, contacts and route sets, and its times.")
  static final class Show extends SubCommand {
    @Parameters(index = "0", paramLabel = "CALL-ID", description = "The Call-ID.")
    String callId;

    @Option(names = "--json", description = "Print the node's JSON answer.")
    boolean json;

    @Override
    public Integer call() {
      String body = parent.client().call("GET", path(callId), null, 200);
      print(spec, body, json);
      return 0;
    }
  }

  @Command(name = "end", description = {"End an answered call as an operator: the node sends BYE to both parties "
      + "and the CDR says 'operator'.", "Prints the call as it ended."})
  static final class End extends SubCommand {
    @Parameters(index = "0", paramLabel = "CALL-ID", description = "The Call-ID.")
    String callId;

    @Option(names = "--json", description = "Print the node's JSON answer.")
    boolean json;

    @Override
    public Integer call() {
      String body = parent.client().call("DELETE", path(callId), null, 200);
      print(spec, body, json);
      return 0;
    }
  }

  private static void print(CommandSpec spec, String body, boolean json) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(body);
    } else {
      DialogText.print(ManagementClient.json(body), Instant.now(), out);
    }
    out.flush();
  }
}
