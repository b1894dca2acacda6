package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code parley domain …} run in-process against a running node. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DomainCliTest {
  private TestNode node;
  private String management;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com"]
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
  void addListRemove() {
    CliRun add = cli("domain", "add", "--management", management, "Example.ORG");
    assertEquals(0, add.exit(), add.err());
    assertEquals("example.org\tdatabase", add.out().strip());

    CliRun list = cli("--management", management, "domain", "list");
    assertEquals(0, list.exit(), list.err());
    assertEquals(List.of("example.com\tconfiguration", "example.org\tdatabase"), list.out().lines().toList());

    // served at once: a subscriber of it can be provisioned
    CliRun subscriber = cli("subscriber", "add", "--management", management, "alice@example.org", "pw");
    assertEquals(0, subscriber.exit(), subscriber.err());

    CliRun remove = cli("domain", "remove", "--management", management, "example.org");
    assertEquals(0, remove.exit(), remove.err());
    assertEquals("removed example.org", remove.out().strip());
    CliRun after = cli("domain", "list", "--json", "--management", management);
    assertEquals(0, after.exit(), after.err());
    assertEquals("{\"domains\":[{\"name\":\"example.com\",\"source\":\"configuration\"}]}", after.out().strip());
    assertFalse(after.out().contains("example.org"));
  }

  @Test
  void theNodesRefusalIsPrintedAndTheExitStatusIsOne() {
    CliRun configured = cli("domain", "remove", "--management", management, "example.com");
    assertEquals(1, configured.exit());
    assertTrue(configured.err().startsWith("parley: domain example.com comes from parley.domains"), configured.err());
    assertTrue(configured.err().contains("HTTP 409"), configured.err());

    CliRun unknown = cli("domain", "remove", "--management", management, "nowhere.example");
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().contains("no domain nowhere.example"), unknown.err());

    CliRun bad = cli("domain", "add", "--management", management, "not a host");
    assertEquals(1, bad.exit());
    assertTrue(bad.err().contains("not a domain") && bad.err().contains("HTTP 400"), bad.err());
  }

  @Test
  void aUsageErrorExitsWithTwo() {
    CliRun r = cli("domain", "add");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("DOMAIN"), r.err());
    assertEquals(2, cli("domain").exit());
  }
}
