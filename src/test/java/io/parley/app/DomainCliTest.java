package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.admin.cli.ParleyCli;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

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

  private record Run(int exit, String out, String err) {}

  private Run cli(String... args) {
    CommandLine cl = ParleyCli.commandLine(null, new ByteArrayInputStream(new byte[0]));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void addListRemove() {
    Run add = cli("domain", "add", "--management", management, "Example.ORG");
    assertEquals(0, add.exit(), add.err());
    assertEquals("example.org\tdatabase", add.out().strip());

    Run list = cli("--management", management, "domain", "list");
    assertEquals(0, list.exit(), list.err());
    assertEquals(List.of("example.com\tconfiguration", "example.org\tdatabase"), list.out().lines().toList());

    // served at once: a subscriber of it can be provisioned
    Run subscriber = cli("subscriber", "add", "--management", management, "alice@example.org", "pw");
    assertEquals(0, subscriber.exit(), subscriber.err());

    Run remove = cli("domain", "remove", "--management", management, "example.org");
    assertEquals(0, remove.exit(), remove.err());
    assertEquals("removed example.org", remove.out().strip());
    Run after = cli("domain", "list", "--json", "--management", management);
    assertEquals(0, after.exit(), after.err());
    assertEquals("{\"domains\":[{\"name\":\"example.com\",\"source\":\"configuration\"}]}", after.out().strip());
    assertFalse(after.out().contains("example.org"));
  }

  @Test
  void theNodesRefusalIsPrintedAndTheExitStatusIsOne() {
    Run configured = cli("domain", "remove", "--management", management, "example.com");
    assertEquals(1, configured.exit());
    assertTrue(configured.err().startsWith("parley: domain example.com comes from parley.domains"), configured.err());
    assertTrue(configured.err().contains("HTTP 409"), configured.err());

    Run unknown = cli("domain", "remove", "--management", management, "nowhere.example");
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().contains("no domain nowhere.example"), unknown.err());

    Run bad = cli("domain", "add", "--management", management, "not a host");
    assertEquals(1, bad.exit());
    assertTrue(bad.err().contains("not a domain") && bad.err().contains("HTTP 400"), bad.err());
  }

  @Test
  void aUsageErrorExitsWithTwo() {
    Run r = cli("domain", "add");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("DOMAIN"), r.err());
    assertEquals(2, cli("domain").exit());
  }
}
