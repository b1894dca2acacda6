package io.parley.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.admin.Json;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code parley cluster}: the members of the cluster as the asked node sees them (Pekko's
 * {@code GET /cluster/members}: status, reachability, roles, the leader) with the shards and
 * entities of calls and registrations each holds ({@code GET /shards},
 * {@code io.parley.admin.ShardRoutes}), as a table; {@code --json} prints both answers as
 * {@code {"members":…,"shards":…}}.
 */
@Command(name = "cluster", description = {"Show the cluster's members: status, reachability, roles, the leader, and "
    + "the Call and Aor shards (and their entities) each node holds.",
    "Any node answers for the whole cluster."})
final class ClusterCommand implements Callable<Integer> {
  static final String[] HEADER = {"NODE", "STATUS", "REACHABLE", "LEADER", "ROLES", "CALL SHARDS", "CALLS",
      "AOR SHARDS", "AORS"};

  @ParentCommand ParleyCli root;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the node's JSON answers as {\"members\":…,\"shards\":…}.")
  boolean json;

  @Override
  public Integer call() {
    ManagementClient client = root.client();
    JsonNode members = ManagementClient.json(client.call("GET", "/cluster/members", null, 200));
    JsonNode shards = null;
    String shardsFailed = null;
    try {
      shards = ManagementClient.json(client.call("GET", "/shards", null, 200));
    } catch (CliFailure e) {
      shardsFailed = e.getMessage();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode both = Json.MAPPER.createObjectNode();
      both.set("members", members);
      both.set("shards", shards);
      out.println(both);
    } else {
      table(members, shards).print(out);
    }
    out.flush();
    if (shardsFailed != null) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("parley: no shard counts: " + shardsFailed);
      err.flush();
    }
    return 0;
  }

  static TextTable table(JsonNode members, JsonNode shards) {
    Set<String> unreachable = new HashSet<>();
    members.path("unreachable").forEach(u -> unreachable.add(u.path("node").asText()));
    String leader = members.path("leader").asText("");
    TextTable t = new TextTable(HEADER);
    for (JsonNode m : members.path("members")) {
      String address = m.path("node").asText();
      String node = hostPort(address);
      StringBuilder roles = new StringBuilder();
      m.path("roles").forEach(r -> roles.append(roles.length() == 0 ? "" : ",").append(r.asText()));
      t.row(node, m.path("status").asText(), unreachable.contains(address) ? "no" : "yes",
          address.equals(leader) ? "leader" : "", roles.toString(),
          count(shards, "Call", node, "shards"), count(shards, "Call", node, "entities"),
          count(shards, "Aor", node, "shards"), count(shards, "Aor", node, "entities"));
    }
    return t;
  }

  /** {@code 127.0.0.1:25521} of {@code pekko://parley@127.0.0.1:25521}. */
  static String hostPort(String address) {
    int at = address.indexOf('@');
    return at >= 0 ? address.substring(at + 1) : address;
  }

  /** A node's shards or entities of one type; "-" when unknown. */
  private static String count(JsonNode shards, String type, String node, String field) {
    if (shards == null) {
      return "-";
    }
    for (JsonNode t : shards.path("types")) {
      if (t.path("type").asText().equals(type)) {
        for (JsonNode r : t.path("regions")) {
          if (r.path("node").asText().equals(node)) {
            return r.path(field).asText("-");
          }
        }
        return "0";
      }
    }
    return "-";
  }
}
