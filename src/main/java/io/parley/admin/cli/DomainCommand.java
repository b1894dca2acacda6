package io.parley.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.admin.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley domain add|list|remove}: the domain routes of a running node
 * ({@code io.parley.admin.DomainRoutes}) from the command line. A domain is printed as one line:
 * its name and where it comes from ({@code configuration} or {@code database}).
 */
@Command(name = "domain", synopsisSubcommandLabel = "COMMAND",
    description = {"Provision the domains a running node serves, beside those of parley.domains.",
        "The node that takes the change serves the domain at once; the others within 30 s."},
    subcommands = {DomainCommand.Add.class, DomainCommand.ListAll.class, DomainCommand.Remove.class})
final class DomainCommand extends CommandGroup {
  static String line(JsonNode d) {
    return d.path("name").asText() + '\t' + d.path("source").asText();
  }

  @Command(name = "add", description = "Serve a domain: add it to the domain table.")
  static final class Add extends SubCommand {
    @Parameters(index = "0", paramLabel = "DOMAIN", description = "The domain, e.g. example.org.")
    String name;

    @Option(names = "--json", description = "Print the node's JSON answer.")
    boolean json;

    @Override
    public Integer call() {
      String body = parent.client().call("POST", "/domains", Json.MAPPER.createObjectNode().put("name", name), 201);
      CommandOutput.record(spec, body, json, DomainCommand::line);
      return 0;
    }
  }

  @Command(name = "list", description = "List the served domains by name, with where each comes from.")
  static final class ListAll extends SubCommand {
    @Option(names = "--json", description = "Print the node's JSON answer.")
    boolean json;

    @Override
    public Integer call() {
      String body = parent.client().call("GET", "/domains", null, 200);
      CommandOutput.records(spec, body, json, "domains", DomainCommand::line);
      return 0;
    }
  }

  @Command(name = "remove", description = {"Stop serving a domain of the domain table.",
      "Its subscribers stay, unserved, until removed too (parley subscriber remove)."})
  static final class Remove extends SubCommand {
    @Parameters(index = "0", paramLabel = "DOMAIN", description = "The domain.")
    String name;

    @Override
    public Integer call() {
      parent.client().delete("/domains", name);
      CommandOutput.done(spec, "removed " + name);
      return 0;
    }
  }
}
