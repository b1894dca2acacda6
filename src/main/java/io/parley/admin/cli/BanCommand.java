package io.parley.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley ban list|remove}: the bans of a running node, for floods and for failed
 * authentications ({@code io.parley.admin.BanRoutes}). A ban is printed as one line: the address,
 * what earned it, when it started and ends, and the requests counted in the window that tripped a
 * flood ban or the offences of an authentication ban.
 */
@Command(name = "ban", synopsisSubcommandLabel = "COMMAND",
    description = {"List and lift the bans of a running node (parley.flood, parley.auth.failures).",
        "Bans are per node: ask each node of a cluster."},
    subcommands = {BanCommand.ListAll.class, BanCommand.Remove.class})
final class BanCommand extends CommandGroup {
  static String line(JsonNode b) {
    String count = b.has("requests") ? "requests=" + b.path("requests").asLong()
        : "offences=" + b.path("offences").asLong();
    return b.path("address").asText() + '\t' + b.path("reason").asText() + '\t' + b.path("since").asText() + '\t'
        + b.path("until").asText() + '\t' + count;
  }

  @Command(name = "list", description = "List the sources banned now.")
  static final class ListAll extends SubCommand {
    @Option(names = "--json", description = "Print the node's JSON answer.")
    boolean json;

    @Override
    public Integer call() {
      String body = parent.client().call("GET", "/bans", null, 200);
      CommandOutput.records(spec, body, json, "bans", BanCommand::line);
      return 0;
    }
  }

  @Command(name = "remove", description = "Lift the ban of an address; its requests are counted afresh.")
  static final class Remove extends SubCommand {
    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The banned IPv4 or IPv6 address.")
    String address;

    @Override
    public Integer call() {
      parent.client().delete("/bans", address);
      CommandOutput.done(spec, "unbanned " + address);
      return 0;
    }
  }
}
