package io.parley.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.admin.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley peer add|list|remove}: the trusted-peer routes of a running node
 * ({@code io.parley.admin.TrustedPeerRoutes}) from the command line. A peer is printed as one
 * line: its network, where it comes from ({@code configuration} or {@code database}) and its
 * description.
 */
@Command(name = "peer", synopsisSubcommandLabel = "COMMAND",
    description = {"Provision the trusted peers (gateways, other proxies) of a running node, beside those of "
        + "parley.trusted-peers.", "A trusted peer is never flood-limited, skips proxy authentication and may send "
        + "preloaded Routes.", "The node that takes the change trusts the peer at once; the others within 30 s."},
    subcommands = {PeerCommand.Add.class, PeerCommand.ListAll.class, PeerCommand.Remove.class})
final class PeerCommand extends CommandGroup {
  static String line(JsonNode p) {
    String description = p.path("description").asText();
    return p.path("network").asText() + '\t' + p.path("source").asText()
        + (description.isEmpty() ? "" : "\t" + description);
  }

  @Command(name = "add", description = "Trust a network (CIDR) or a single address.")
  static final class Add extends SubCommand {
    @Parameters(index = "0", paramLabel = "NETWORK", description = "e.g. 192.0.2.0/24, 2001:db8::/32 or 192.0.2.7.")
    String network;

    @Option(names = "--description", paramLabel = "TEXT", description = "What it is, e.g. gw1.")
    String description;

    @Option(names = "--json", description = "Print the node's JSON answer.")
    boolean json;

    @Override
    public Integer call() {
      ObjectNode body = Json.MAPPER.createObjectNode().put("network", network);
      if (description != null) {
        body.put("description", description);
      }
      String answer = parent.client().call("POST", "/trusted-peers", body, 201);
      CommandOutput.record(spec, answer, json, PeerCommand::line);
      return 0;
    }
  }

  @Command(name = "list", description = "List the trusted peers, with where each comes from.")
  static final class ListAll extends SubCommand {
    @Option(names = "--json", description = "Print the node's JSON answer.")
    boolean json;

    @Override
    public Integer call() {
      String body = parent.client().call("GET", "/trusted-peers", null, 200);
      CommandOutput.records(spec, body, json, "trusted_peers", PeerCommand::line);
      return 0;
    }
  }

  @Command(name = "remove", description = "Stop trusting a network of the trusted_peer table.")
  static final class Remove extends SubCommand {
    @Parameters(index = "0", paramLabel = "NETWORK", description = "The network, as added.")
    String network;

    @Override
    public Integer call() {
      parent.client().delete("/trusted-peers", network);
      CommandOutput.done(spec, "removed " + network);
      return 0;
    }
  }
}
