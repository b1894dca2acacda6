package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DigestAlgorithm;
import io.parley.auth.Ha1;
import io.parley.registrar.DigestUa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley subscriber …} run in-process against a running node, and Main's dispatch in a JVM of its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriberCliTest {
  private TestNode node;
  private String management;
  private int sequence;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        """);
    management = node.node.managementUri().toString();
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

  private String register(String user, String password) throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      String callId = "cli-" + user + "-" + (++sequence);
      String challenge = TestRegister.of(user, "example.com", callId).sendFrom(probe);
      if (SipProbe.status(challenge) != 401) {
        return challenge;
      }
      return TestRegister.of(user, "example.com", callId).cseq(2).authorization(DigestUa.authorization(
          DigestAlgorithm.SHA_256, user, password, "example.com", DigestUa.nonceIn(challenge), "sip:example.com", 1))
          .sendFrom(probe);
    }
  }

  @Test
  void addListRegisterRemove() throws Exception {
    CliRun add = cli("subscriber", "add", "--management", management, "alice@example.com", "alicepw",
        "--alias", "ally@example.com");
    assertEquals(0, add.exit(), add.err());
    assertTrue(add.out().startsWith("alice@example.com\tMD5,SHA-256,SHA-512-256\t"), add.out());
    assertTrue(add.out().contains("aliases=ally@example.com"), add.out());

    // REGISTER-able at once: the node reloaded its cache
    String ok = register("alice", "alicepw");
    assertEquals(200, SipProbe.status(ok), ok);

    CliRun list = cli("--management", management, "subscriber", "list", "--domain", "example.com");
    assertEquals(0, list.exit(), list.err());
    assertTrue(list.out().lines().anyMatch(l -> l.startsWith("alice@example.com\t")), list.out());

    CliRun show = cli("subscriber", "show", "alice@example.com", "--json", "--management", management);
    assertEquals(0, show.exit(), show.err());
    assertTrue(show.out().contains("\"aor\":\"alice@example.com\""), show.out());

    CliRun remove = cli("subscriber", "remove", "--management", management, "alice@example.com");
    assertEquals(0, remove.exit(), remove.err());
    assertEquals("removed alice@example.com", remove.out().strip());
    assertTrue(node.node.subscriberCache().find("alice", "example.com").isEmpty());
    String refused = register("alice", "alicepw");
    assertNotEquals(200, SipProbe.status(refused), refused);
  }

  @Test
  void withoutAPasswordTheFirstLineOfStdinIsIt() {
    CliRun add = CliRun.of("pw-from-stdin\nignored\n", "subscriber", "add", "--management", management, "bob@example.com");
    assertEquals(0, add.exit(), add.err());
    assertEquals(Ha1.compute(DigestAlgorithm.MD5, "bob", "example.com", "pw-from-stdin"),
        node.node.subscriberCache().ha1("bob", "example.com", DigestAlgorithm.MD5).orElseThrow());
    CliRun noPassword = CliRun.of("", "subscriber", "add", "--management", management, "bob2@example.com");
    assertEquals(1, noPassword.exit());
    assertTrue(noPassword.err().contains("no password"), noPassword.err());
  }

  @Test
  void passwdChangesThePassword() {
    assertEquals(0, cli("subscriber", "add", "--management", management, "carol@example.com", "old").exit());
    CliRun passwd = cli("subscriber", "passwd", "--management", management, "carol@example.com", "new");
    assertEquals(0, passwd.exit(), passwd.err());
    assertEquals(Ha1.compute(DigestAlgorithm.MD5, "carol", "example.com", "new"),
        node.node.subscriberCache().ha1("carol", "example.com", DigestAlgorithm.MD5).orElseThrow());
  }

  @Test
  void theNodesRefusalIsPrintedAndTheExitStatusIsOne() {
    assertEquals(0, cli("subscriber", "add", "--management", management, "dave@example.com", "pw").exit());
    CliRun again = cli("subscriber", "add", "--management", management, "dave@example.com", "pw");
    assertEquals(1, again.exit());
    assertTrue(again.err().startsWith("parley: subscriber dave@example.com exists"), again.err());
    assertTrue(again.err().contains("HTTP 409"), again.err());

    CliRun unknown = cli("subscriber", "remove", "--management", management, "nobody@example.com");
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().contains("no subscriber nobody@example.com"), unknown.err());

    CliRun unserved = cli("subscriber", "add", "--management", management, "x@elsewhere.net", "pw");
    assertEquals(1, unserved.exit());
    assertTrue(unserved.err().contains("not served"), unserved.err());
  }

  @Test
  void anUnreachableNodeIsNamedAndTheExitStatusIsOne() {
    CliRun r = cli("subscriber", "list", "--management", "http://127.0.0.1:1");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("cannot reach the node's management server at http://127.0.0.1:1"), r.err());
    CliRun bad = cli("subscriber", "list", "--management", "not a url");
    assertEquals(1, bad.exit());
    assertTrue(bad.err().contains("not a URL"), bad.err());
  }

  @Test
  void aUsageErrorExitsWithTwo() {
    CliRun r = cli("subscriber", "add");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("AOR"), r.err());
    assertEquals(2, cli("subscriber").exit());
    assertEquals(2, cli("no-such-command").exit());
  }

  @Test
  void aMaxCallDurationIsSetOnAddChangedByUpdateAndClearedWithNone() throws Exception {
    CliRun add = cli("subscriber", "add", "--management", management, "dora@example.com", "dorapw",
        "--max-call-duration", "2h");
    assertEquals(0, add.exit(), add.err());
    assertTrue(add.out().contains("\tmax-call-duration=7200s"), add.out());
    assertEquals(java.time.Duration.ofHours(2), node.node.subscriberCache().maxCallDuration("dora@example.com"));

    CliRun update = cli("subscriber", "update", "dora@example.com", "--max-call-duration", "PT90S",
        "--management", management);
    assertEquals(0, update.exit(), update.err());
    assertTrue(update.out().startsWith("dora@example.com\t") && update.out().contains("\tmax-call-duration=90s"),
        update.out());
    // this node obeys it at once: its cache holds the change when the command returns
    assertEquals(java.time.Duration.ofSeconds(90), node.node.subscriberCache().maxCallDuration("dora@example.com"));
    CliRun json = cli("subscriber", "show", "dora@example.com", "--json", "--management", management);
    assertTrue(json.out().contains("\"max_call_duration\":90"), json.out());

    CliRun bad = cli("subscriber", "update", "dora@example.com", "--max-call-duration", "8d", "--management", management);
    assertEquals(1, bad.exit(), bad.out());
    assertTrue(bad.err().contains("1s to 7d") && bad.err().contains("HTTP 400"), bad.err());
    CliRun nothing = cli("subscriber", "update", "dora@example.com", "--management", management);
    assertEquals(2, nothing.exit(), nothing.out());
    assertTrue(nothing.err().contains("--max-call-duration"), nothing.err());

    CliRun cleared = cli("subscriber", "update", "dora@example.com", "--max-call-duration", "none",
        "--management", management);
    assertEquals(0, cleared.exit(), cleared.err());
    assertTrue(!cleared.out().contains("max-call-duration"), cleared.out());
    assertEquals(null, node.node.subscriberCache().maxCallDuration("dora@example.com"));
  }

  /** Main in its own JVM: a command goes to the command line and its status becomes the exit status. */
  @Test
  void mainRunsACommandInsteadOfANode(@TempDir Path dir) throws Exception {
    Process p = java(dir, "subscriber", "list", "--management", "http://127.0.0.1:1");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String out = Files.readString(dir.resolve("out.log"));
    assertEquals(1, p.exitValue(), out);
    assertTrue(out.contains("parley: cannot reach the node's management server"), out);
    assertTrue(!out.contains("SIP listening on"), out);

    Process help = java(dir, "--help");
    assertTrue(help.waitFor(60, TimeUnit.SECONDS));
    String usage = Files.readString(dir.resolve("out.log"));
    assertEquals(0, help.exitValue(), usage);
    assertTrue(usage.contains("subscriber"), usage);
  }

  private static Process java(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-cp", System.getProperty("java.class.path"), "io.parley.app.Main"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
  }
}
