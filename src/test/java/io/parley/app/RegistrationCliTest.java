package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code parley registrations} and {@code parley registration remove} run in-process against a running node. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationCliTest {
  private TestNode node;
  private String management;

  @BeforeAll
  void start() throws Exception {
    node = TestNode.start("""
        parley.domains = ["example.com", "example.org"]
        parley.registrar.authenticate = off
        """);
    management = node.node.managementUri().toString();
    try (SipProbe probe = new SipProbe(node.udp())) {
      register(probe, "alice", "example.com", "<sip:alice@127.0.0.1:5071>;q=0.5", "cli-1", "User-Agent: Cli\tPhone/3");
      register(probe, "alice", "example.com", "<sip:alice@127.0.0.1:5072>", "cli-2", "Expires: 120");
      register(probe, "bob", "example.org", "<sip:bob@127.0.0.1:5073>", "cli-3", "Expires: 120");
    }
  }

  private static void register(SipProbe probe, String user, String domain, String contact, String callId,
      String header) throws Exception {
    String ok = TestRegister.of(user, domain, callId).contact(contact).header(header).sendFrom(probe);
    assertEquals(200, SipProbe.status(ok), ok);
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private CliRun cli(String... args) {
    return CliRun.of("", args);
  }

  @Test
  void showListAndRemove() throws Exception {
    String self = node.node.system().address().toString();
    CliRun show = cli("registrations", "alice@example.com", "--management", management);
    assertEquals(0, show.exit(), show.err());
    List<String> lines = show.out().lines().toList();
    assertEquals(2, lines.size(), show.out());
    String[] first = lines.get(0).split("\t");
    assertEquals("alice@example.com", first[0]);
    assertEquals("sip:alice@127.0.0.1:5072", first[1]);
    assertTrue(first[2].matches("1[12]\\ds"), lines.get(0));
    assertEquals("q=-", first[3]);
    assertTrue(first[4].startsWith("udp:127.0.0.1:"), lines.get(0));
    assertEquals(self, first[6]);
    assertEquals("-", first[7]);
    String[] second = lines.get(1).split("\t");
    assertEquals(8, second.length, lines.get(1));
    assertEquals("q=0.5", second[3]);
    assertEquals("Cli Phone/3", second[7], "a tab in the user agent stays inside its column");

    CliRun json = cli("registrations", "alice@example.com", "--json", "--management", management);
    assertEquals(0, json.exit(), json.err());
    JsonNode j = new ObjectMapper().readTree(json.out());
    assertEquals("alice@example.com", j.path("aor").asText());
    assertEquals(2, j.path("bindings").size());

    CliRun org = cli("--management", management, "registrations", "--domain", "example.org");
    assertEquals(0, org.exit(), org.err());
    assertEquals(1, org.out().lines().count(), org.out());
    assertTrue(org.out().startsWith("bob@example.org\tsip:bob@127.0.0.1:5073\t"), org.out());
    CliRun all = cli("--management", management, "registrations", "--json");
    assertEquals(0, all.exit(), all.err());
    assertEquals(3, new ObjectMapper().readTree(all.out().lines().findFirst().orElseThrow()).path("registrations")
        .findValues("contact").size(), all.out());

    CliRun removeOne = cli("registration", "remove", "alice@example.com", "--contact", "sip:alice@127.0.0.1:5071",
        "--management", management);
    assertEquals(0, removeOne.exit(), removeOne.err());
    assertTrue(removeOne.out().startsWith("removed sip:alice@127.0.0.1:5071 of alice@example.com"), removeOne.out());
    assertEquals(1, cli("registrations", "alice@example.com", "--management", management).out().lines().count());
    CliRun removeAll = cli("registration", "remove", "alice@example.com", "--management", management);
    assertEquals(0, removeAll.exit(), removeAll.err());
    CliRun gone = cli("registrations", "alice@example.com", "--management", management);
    assertEquals(1, gone.exit(), gone.out());
    assertTrue(gone.err().contains("alice@example.com is not registered"), gone.err());
    CliRun again = cli("registration", "remove", "alice@example.com", "--management", management);
    assertEquals(1, again.exit());
    assertTrue(again.err().contains("not registered"), again.err());
  }

  @Test
  void badInputIsAClearFailure() {
    CliRun bad = cli("registrations", "no-at-sign", "--management", management);
    assertEquals(1, bad.exit());
    assertTrue(bad.err().contains("is not an address of record"), bad.err());
    CliRun foreign = cli("registrations", "--domain", "elsewhere.example", "--management", management);
    assertEquals(1, foreign.exit());
    assertTrue(foreign.err().contains("not a domain this node serves"), foreign.err());
    CliRun mixed = cli("registrations", "alice@example.com", "--domain", "example.com", "--management", management);
    assertEquals(1, mixed.exit());
    assertTrue(mixed.err().contains("not with AOR"), mixed.err());
  }
}
