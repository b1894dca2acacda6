package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.IpNetwork;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code parley peer …} and {@code parley ban …} run in-process against a running node. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessCliTest {
  private TestNode node;
  private String management;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.trusted-peers = ["192.0.2.0/24"]
        """);
    management = node.node.managementUri().toString();
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private static CliRun cli(String... args) {
    return CliRun.of("", args);
  }

  @Test
  void peerAddListRemove() {
    CliRun add = cli("peer", "add", "--management", management, "198.51.100.0/24", "--description", "pstn gw");
    assertEquals(0, add.exit(), add.err());
    assertEquals("198.51.100.0/24\tdatabase\tpstn gw", add.out().strip());
    assertTrue(node.node.trustedPeers().isTrusted(IpNetwork.parseAddress("198.51.100.1")));

    CliRun list = cli("--management", management, "peer", "list");
    assertEquals(0, list.exit(), list.err());
    assertEquals(List.of("192.0.2.0/24\tconfiguration", "198.51.100.0/24\tdatabase\tpstn gw"), list.out().lines().toList());

    CliRun remove = cli("peer", "remove", "--management", management, "198.51.100.0/24");
    assertEquals(0, remove.exit(), remove.err());
    assertEquals("removed 198.51.100.0/24", remove.out().strip());
    CliRun json = cli("peer", "list", "--json", "--management", management);
    assertEquals(0, json.exit(), json.err());
    assertEquals("{\"trusted_peers\":[{\"network\":\"192.0.2.0/24\",\"description\":\"\",\"source\":\"configuration\"}]}",
        json.out().strip());
  }

  @Test
  void theNodesRefusalIsPrintedAndTheExitStatusIsOne() {
    CliRun configured = cli("peer", "remove", "--management", management, "192.0.2.0/24");
    assertEquals(1, configured.exit());
    assertTrue(configured.err().startsWith("parley: trusted peer 192.0.2.0/24 comes from parley.trusted-peers"),
        configured.err());
    CliRun bad = cli("peer", "add", "--management", management, "gw.example.com");
    assertEquals(1, bad.exit());
    assertTrue(bad.err().contains("host names are not accepted") && bad.err().contains("HTTP 400"), bad.err());
    CliRun notBanned = cli("ban", "remove", "--management", management, "203.0.113.1");
    assertEquals(1, notBanned.exit());
    assertTrue(notBanned.err().contains("203.0.113.1 is not banned"), notBanned.err());
  }

  @Test
  void banListAndRemove() {
    var source = IpNetwork.parseAddress("203.0.113.9");
    while (node.node.floodGuard().admit(source)) {
      // count until banned, without sockets
    }
    CliRun list = cli("ban", "list", "--management", management);
    assertEquals(0, list.exit(), list.err());
    assertTrue(list.out().strip().matches("203\\.0\\.113\\.9\\tflood\\t\\S+Z\\t\\S+Z\\trequests=201"), list.out());
    CliRun json = cli("ban", "list", "--json", "--management", management);
    assertTrue(json.out().contains("\"address\":\"203.0.113.9\""), json.out());

    CliRun remove = cli("ban", "remove", "--management", management, "203.0.113.9");
    assertEquals(0, remove.exit(), remove.err());
    assertEquals("unbanned 203.0.113.9", remove.out().strip());
    assertEquals("", cli("ban", "list", "--management", management).out());
  }

  @Test
  void aUsageErrorExitsWithTwo() {
    assertEquals(2, cli("peer").exit());
    assertEquals(2, cli("ban").exit());
    CliRun r = cli("peer", "add");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("NETWORK"), r.err());
  }
}
