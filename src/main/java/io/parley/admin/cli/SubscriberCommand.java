package io.parley.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.admin.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley subscriber add|list|show|passwd|update|remove}: the subscriber routes of a running
 * node ({@code io.parley.admin.SubscriberRoutes}) from the command line. A subscriber is printed
 * as one line: AOR, the digest algorithms it has an HA1 for, when it was created, its own max
 * call duration if it has one, its aliases.
 */
@Command(name = "subscriber", synopsisSubcommandLabel = "COMMAND",
    description = "Provision the subscribers (SIP accounts) of a running node.",
    subcommands = {SubscriberCommand.Add.class, SubscriberCommand.ListAll.class, SubscriberCommand.Show.class,
        SubscriberCommand.Passwd.class, SubscriberCommand.Update.class, SubscriberCommand.Remove.class})
final class SubscriberCommand extends CommandGroup {
  /** The page size the command line asks for when it lists every subscriber. */
  static final int PAGE = 1_000;
  static final String MAX_CALL_DURATION = "Its calls end after DURATION (BYE to both sides) instead of "
      + "parley.dialog.max-duration: 2h, 90s, 30 minutes, PT2H or seconds; 1s to 7d.";

  /** The node checks the value and says what is wrong with it; 'none' clears it. */
  static void putMaxCallDuration(ObjectNode body, String value) {
    if (value.equalsIgnoreCase("none")) {
      body.putNull("max_call_duration");
    } else {
      body.put("max_call_duration", value);
    }
  }

  static String line(JsonNode s) {
    StringBuilder b = new StringBuilder(s.path("aor").asText());
    List<String> algorithms = new ArrayList<>();
    s.path("algorithms").forEach(a -> algorithms.add(a.asText()));
    b.append('\t').append(String.join(",", algorithms)).append('\t').append(s.path("created_at").asText());
    JsonNode max = s.path("max_call_duration");
    if (max.isIntegralNumber()) {
      b.append("\tmax-call-duration=").append(max.asLong()).append('s');
    }
    List<String> aliases = new ArrayList<>();
    s.path("aliases").forEach(a -> aliases.add(a.asText()));
    if (!aliases.isEmpty()) {
      b.append("\taliases=").append(String.join(",", aliases));
    }
    return b.toString();
  }

  @Command(name = "add", description = {"Add a subscriber. The password is hashed by the node into one HA1 per "
      + "digest algorithm and not kept.", "Without PASSWORD it is asked for (or read from the first line of stdin), "
      + "which keeps it out of the shell history and the process list."})
  static final class Add extends SubCommand {
    @Parameters(index = "0", paramLabel = "AOR", description = "The address of record, e.g. alice@example.com.")
    String aor;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PASSWORD", description = "The password.")
    String password;

    @Option(names = "--alias", paramLabel = "AOR", description = "Another address of record for it (repeatable).")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--max-call-duration", paramLabel = "DURATION", description = MAX_CALL_DURATION)
    String maxCallDuration;

    @Option(names = "--json", description = "Print the node's JSON answer.")
    boolean json;

    @Override
    public Integer call() {
      ManagementClient client = parent.client();
      String pw = password != null ? password : parent.root.readPassword(aor);
      ObjectNode body = Json.MAPPER.createObjectNode().put("aor", aor).put("password", pw);
      if (!aliases.isEmpty()) {
        aliases.forEach(body.putArray("aliases")::add);
      }
      if (maxCallDuration != null) {
        putMaxCallDuration(body, maxCallDuration);
      }
      CommandOutput.record(spec, client.call("POST", "/subscribers", body, 201), json, SubscriberCommand::line);
      return 0;
    }
  }

  @Command(name = "list", description = "List the subscribers, ordered by domain and user name.")
  static final class ListAll extends SubCommand {
    @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only this domain's.")
    String domain;

    @Option(names = "--limit", paramLabel = "N", description = "At most N, from --offset (default: all).")
    Integer limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the first N.")
    int offset;

    @Option(names = "--json", description = "Print the node's JSON answer (one page per line).")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ManagementClient client = parent.client();
      String filter = domain == null ? "" : "&domain=" + ManagementClient.segment(domain);
      int from = offset;
      int left = limit == null ? Integer.MAX_VALUE : limit;
      while (left > 0) {
        int ask = Math.min(left, PAGE);
        String body = client.call("GET", "/subscribers?limit=" + ask + "&offset=" + from + filter, null, 200);
        JsonNode page = ManagementClient.json(body).path("subscribers");
        if (json) {
          out.println(body);
        } else {
          page.forEach(s -> out.println(line(s)));
        }
        if (page.size() < ask) {
          break;
        }
        from += page.size();
        left -= page.size();
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "show", description = "Show one subscriber.")
  static final class Show extends SubCommand {
    @Parameters(index = "0", paramLabel = "AOR", description = "The address of record.")
    String aor;

    @Option(names = "--json", description = "Print the node's JSON answer.")
    boolean json;

    @Override
    public Integer call() {
      String body = parent.client().call("GET", "/subscribers/" + ManagementClient.segment(aor), null, 200);
      CommandOutput.record(spec, body, json, SubscriberCommand::line);
      return 0;
    }
  }

  @Command(name = "passwd", description = "Change a subscriber's password (asked for when not given).")
  static final class Passwd extends SubCommand {
    @Parameters(index = "0", paramLabel = "AOR", description = "The address of record.")
    String aor;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PASSWORD", description = "The new password.")
    String password;

    @Override
    public Integer call() {
      ManagementClient client = parent.client();
      String pw = password != null ? password : parent.root.readPassword(aor);
      ObjectNode body = Json.MAPPER.createObjectNode().put("password", pw);
      client.call("PUT", "/subscribers/" + ManagementClient.segment(aor), body, 200);
      CommandOutput.done(spec, "password of " + aor + " changed");
      return 0;
    }
  }

  @Command(name = "update", description = "Change a subscriber's settings (its password: 'passwd').")
  static final class Update extends SubCommand {
    @Parameters(index = "0", paramLabel = "AOR", description = "The address of record.")
    String aor;

    @Option(names = "--max-call-duration", paramLabel = "DURATION", required = true,
        description = MAX_CALL_DURATION + " 'none': the node's default again.")
    String maxCallDuration;

    @Option(names = "--json", description = "Print the node's JSON answer.")
    boolean json;

    @Override
    public Integer call() {
      ObjectNode body = Json.MAPPER.createObjectNode();
      putMaxCallDuration(body, maxCallDuration);
      String answer = parent.client().call("PUT", "/subscribers/" + ManagementClient.segment(aor), body, 200);
      CommandOutput.record(spec, answer, json, SubscriberCommand::line);
      return 0;
    }
  }

  @Command(name = "remove", description = "Remove a subscriber and its aliases.")
  static final class Remove extends SubCommand {
    @Parameters(index = "0", paramLabel = "AOR", description = "The address of record.")
    String aor;

    @Override
    public Integer call() {
      parent.client().delete("/subscribers", aor);
      CommandOutput.done(spec, "removed " + aor);
      return 0;
    }
  }
}
