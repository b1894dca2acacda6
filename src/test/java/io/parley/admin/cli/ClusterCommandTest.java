package io.parley.admin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.admin.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table of {@code parley cluster}: Pekko's members joined with Parley's shard counts. */
class ClusterCommandTest {
  private static final String MEMBERS = """
      {"leader":"pekko://parley@127.0.0.1:25521","oldest":"pekko://parley@127.0.0.1:25521",
       "members":[{"node":"pekko://parley@127.0.0.1:25521","nodeUid":"1","roles":["dc-default"],"status":"Up"},
                  {"node":"pekko://parley@127.0.0.1:25522","nodeUid":"2","roles":["dc-default","sip"],"status":"Up"},
                  {"node":"pekko://parley@127.0.0.1:25524","nodeUid":"4","roles":["dc-default"],"status":"Joining"}],
       "unreachable":[{"node":"pekko://parley@127.0.0.1:25522","observedBy":["pekko://parley@127.0.0.1:25521"]}]}
      """;
  private static final String SHARDS = """
      {"types":[{"type":"Call","shards":3,"entities":7,"regions":[
                  {"node":"127.0.0.1:25521","shards":2,"entities":5,"failed":[]},
                  {"node":"127.0.0.1:25522","shards":1,"entities":2,"failed":[]}]},
                {"type":"Aor","shards":1,"entities":9,"regions":[
                  {"node":"127.0.0.1:25521","shards":1,"entities":9,"failed":[]}]}]}
      """;

  private static List<String> lines(JsonNode members, JsonNode shards) {
    StringWriter out = new StringWriter();
    ClusterCommand.table(members, shards).print(new PrintWriter(out, true));
    return List.of(out.toString().split("\n"));
  }

  @Test
  void eachMemberWithItsStatusReachabilityLeadershipRolesAndShards() throws Exception {
    assertEquals(List.of(
        "NODE             STATUS   REACHABLE  LEADER  ROLES           CALL SHARDS  CALLS  AOR SHARDS  AORS",
        "127.0.0.1:25521  Up       yes        leader  dc-default      2            5      1           9",
        "127.0.0.1:25522  Up       no                 dc-default,sip  1            2      0           0",
        "127.0.0.1:25524  Joining  yes                dc-default      0            0      0           0"),
        lines(Json.MAPPER.readTree(MEMBERS), Json.MAPPER.readTree(SHARDS)));
  }

  @Test
  void withoutShardCountsTheMembersStillShow() throws Exception {
    List<String> lines = lines(Json.MAPPER.readTree(MEMBERS), null);
    assertEquals("127.0.0.1:25521  Up       yes        leader  dc-default      -            -      -           -",
        lines.get(1));
  }

  @Test
  void anAddressBecomesHostAndPort() {
    assertEquals("10.0.0.7:25520", ClusterCommand.hostPort("pekko://parley@10.0.0.7:25520"));
  }
}
