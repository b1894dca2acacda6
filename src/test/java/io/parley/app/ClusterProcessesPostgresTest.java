package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.auth.DigestAlgorithm;
import io.parley.registrar.DigestUa;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster: three nodes, each its own JVM started as an operator starts it (Main), on
 * loopback, sharing one PostgreSQL. bob registers through node 1 and SIPp calls him through
 * node 2; then, each under SIPp's call load: a node drained with SIGTERM, a fourth node added,
 * and a node killed with {@code kill -9} while it holds a confirmed call, which a survivor lists,
 * ends at its max duration with BYE both ways, and records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProcessesPostgresTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "cluster-test-token-0123456789";
  private static final Duration START = Duration.ofSeconds(90);
  private PostgresServer pg;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private List<String> props;
  @TempDir static Path dir;
  private int bobPort;

  @BeforeAll
  void startThreeNodes() throws Exception {
    Sipp.require();
    pg = PostgresServer.start();
    Path conf = dir.resolve("cluster.conf");
    Files.writeString(conf, """
        parley.domains = ["example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        # alice is believed: the digest is the registrar's and ProxyAuthSippTest's
        parley.proxy.authenticate = off
        parley.storage.jdbc-url = "%s"
        parley.storage.user = "postgres"
        parley.storage.password = ""
        # carol is a fixed callee, reached without a registration
        parley.routing.static = [ { match = "sip:carol@example.com", target = "sip:127.0.0.1:%d" } ]
        parley.dialog.max-duration = 45s
        # stored at its 2xx: a node killed right after still leaves the call to the others
        parley.dialog.persist-after = 0s
        parley.location.wake-settle = 2s
        parley.accounting.batch-interval = 100ms
        # SIPp is every phone at once, from one address
        parley.flood.max-requests = 5000
        """.formatted(pg.jdbcUrl(), carolPort = freeUdpPort()));
    NodeProcess first = NodeProcess.start("node1", dir, TOKEN, List.of("-Dconfig.file=" + conf));
    props = List.of("-Dconfig.file=" + conf, "-Dparley.cluster.seed-nodes.0=" + first.seed());
    nodes.add(first);
    first.awaitReady(START);
    nodes.add(NodeProcess.start("node2", dir, TOKEN, props));
    nodes.add(NodeProcess.start("node3", dir, TOKEN, props));
    for (NodeProcess n : nodes) {
      n.awaitReady(START);
    }
    assertEquals(201, nodes.get(0).send("POST", "/subscribers", "{\"aor\":\"bob@example.com\",\"password\":\"bobpw\"}")
        .statusCode());
    StringBuilder csv = new StringBuilder("SEQUENTIAL\n");
    for (int i = 0; i < USERS; i++) {
      // through every node as soon as all are ready: each serves the others' additions at once,
      // even those made in a node's first seconds (ChangeNotices sends again until its topic
      // knows every member's)
      NodeProcess through = nodes.get(i % nodes.size());
      assertEquals(201, through.send("POST", "/subscribers",
          "{\"aor\":\"u" + i + "@example.com\",\"password\":\"pw" + i + "\"}").statusCode());
      csv.append('u').append(i).append(";pw").append(i).append('\n');
    }
    users = Files.writeString(dir.resolve("users.csv"), csv);
    bobPort = freeUdpPort();
    register(nodes.get(0));
    // every user's phone is the one SIPp callee on bobPort; with digest, through every node
    for (int i = 0; i < USERS; i++) {
      registerUser(nodes.get(i % nodes.size()), i);
    }
  }

  /** u{@code i} registers the contact 127.0.0.1:bobPort, answering the 401 (RFC 3261 §22.4). */
  private void registerUser(NodeProcess through, int i) throws Exception {
    try (SipProbe phone = new SipProbe(through.udp())) {
      String user = "u" + i;
      String contact = "<sip:" + user + "@127.0.0.1:" + bobPort + ">";
      String challenge = TestRegister.of(user, "example.com", "reg-" + user).contact(contact).sendFrom(phone);
      assertEquals(401, SipProbe.status(challenge), challenge);
      String ok = TestRegister.of(user, "example.com", "reg-" + user).cseq(2).contact(contact)
          .authorization(DigestUa.authorization(DigestAlgorithm.MD5, user, "pw" + i, "example.com",
              DigestUa.nonceIn(challenge), "sip:example.com", 1))
          .sendFrom(phone);
      assertEquals(200, SipProbe.status(ok), ok);
    }
  }

  private static final int USERS = 300;

  private Path users;

  private int carolPort;

  @AfterAll
  void stop() throws Exception {
    for (NodeProcess n : nodes) {
      n.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  /**
   * Calls entering node 2 to bob, registered through node 1, complete; the calls' own messages
   * cross nodes at most once per call on average (the AOR lookup is not one of them: it crosses
   * as the location service's message, when bob's AOR lives elsewhere).
   */
  @Test
  @Order(1)
  void callsAcrossNodesCompleteAndCrossAtMostOncePerCall() throws Exception {
    int calls = 100;
    double before = crossings("parley_cluster_messages_received_total", "kind", "call");
    double asksBefore = crossings("parley_cluster_aor_asks_received_total");
    double hitsBefore = crossings("parley_location_cache_lookups_total", "result", "hit");
    Sipp bob = Sipp.uas("uas_answer", bobPort).expect(calls).start(dir, 120);
    Sipp alice = Sipp.uac("uac_call", nodes.get(1).udp(), "bob").calls(calls, 25).start(dir, 120);
    Sipp.assertCompleted(alice, bob);
    double perCall = (crossings("parley_cluster_messages_received_total", "kind", "call") - before) / calls;
    double asksPerCall = (crossings("parley_cluster_aor_asks_received_total") - asksBefore) / calls;
    System.out.printf("cluster test: per call, %.3f call messages crossed nodes, %.3f AOR lookups went to "
        + "another node%n", perCall, asksPerCall);
    assertTrue(perCall <= 1.0, "crossings per call: " + perCall);
    // bob's AOR lives on one node; node 2 asks it (across or not) until the first answer is in
    // its lookup cache, then answers from there: a few asks for the calls already started
    assertTrue(asksPerCall <= 0.1, "AOR lookups across per call: " + asksPerCall);
    double hits = crossings("parley_location_cache_lookups_total", "result", "hit") - hitsBefore;
    assertTrue(hits >= calls * 0.9, "lookups answered from node 2's cache: " + hits);
  }

  /** SIGTERM on node 2 while calls go through node 1: it hands its shards over, no call fails. */
  @Test
  @Order(2)
  void aNodeDrainedUnderLoadFailsNoCall() throws Exception {
    int calls = 400;
    Sipp bob = Sipp.uas("uas_answer", bobPort).expect(calls).start(dir, 120);
    Sipp alice = Sipp.uac("uac_call_users", nodes.get(0).udp(), "u").inject(users).calls(calls, 20).start(dir, 120);
    Thread.sleep(6_000);
    NodeProcess drained = nodes.get(1);
    assertTrue(drained.drain(Duration.ofSeconds(60)), "node 2 did not leave within 60 s:\n" + drained.tail());
    assertTrue(Files.readString(drained.log).contains("left the cluster"), drained.tail());
    Sipp.assertCompleted(alice, bob);
    assertEquals(0, alice.total("Failed call"), alice.output());
  }

  /** A fourth node joins under load: it takes shards, bob stays registered, no call fails. */
  @Test
  @Order(3)
  void aNodeAddedUnderLoadTakesShardsAndFailsNoCall() throws Exception {
    int calls = 600;
    Sipp bob = Sipp.uas("uas_answer", bobPort).expect(calls).start(dir, 120);
    Sipp alice = Sipp.uac("uac_call_users", nodes.get(0).udp(), "u").inject(users).calls(calls, 20).start(dir, 120);
    Thread.sleep(3_000);
    NodeProcess added = NodeProcess.start("node4", dir, TOKEN, props);
    nodes.add(added);
    added.awaitReady(START);
    Sipp.assertCompleted(alice, bob);
    assertEquals(0, alice.total("Failed call"), alice.output());
    JsonNode shards = JSON.readTree(added.get("/shards").body());
    int taken = aorShardsOf(shards, added);
    System.out.println("cluster test: AOR shards on the added node after " + calls + " calls: " + taken);
    assertTrue(taken > 0, shards.toString());
  }

  /**
   * {@code kill -9} of a node that holds a confirmed call and a share of the AORs, under call
   * load through another node: the calls to users whose AOR lived there are delayed until the AOR
   * is back, not failed; a survivor takes the confirmed call over from the store, lists it, sends
   * BYE both ways at its max duration and writes its CDR; no registration is lost.
   */
  @Test
  @Order(4)
  void aNodeKilledUnderLoadFailsNoCallAndItsCallsEndOnTimeWithTheirCdr() throws Exception {
    NodeProcess victim = nodes.get(2);
    NodeProcess survivor = nodes.get(0);
    Sipp carol = Sipp.uas("uas_answer", carolPort).expect(1).recvTimeout(Duration.ofSeconds(90)).start(dir, 150);
    Sipp alice = Sipp.uac("uac_held", victim.udp(), "carol").calls(1, 1).recvTimeout(Duration.ofSeconds(90))
        .start(dir, 150);
    JsonNode held = awaitDialog(survivor, d -> d.path("callee").path("uri").asText().contains("carol"));
    String callId = held.get("call_id").asText();
    assertEquals(victim.nodeName(), held.get("node").asText(), held.toString());
    awaitStored(victim);
    int calls = 600;
    Sipp bob = Sipp.uas("uas_answer", bobPort).expect(calls).start(dir, 150);
    // a phone that has its 100 Trying waits for the final answer (RFC 3261 §17.1.1.2: Timer B
    // stops); SIPp's own 20 s would give up on a call still delayed by the lost node
    Sipp load = Sipp.uac("uac_call_users", survivor.udp(), "u").inject(users).calls(calls, 20)
        .recvTimeout(Duration.ofSeconds(40)).start(dir, 150);
    Thread.sleep(5_000);
    int aorsThere = aorShardsOf(JSON.readTree(survivor.get("/shards").body()), victim);
    victim.kill();
    long killed = System.nanoTime();
    JsonNode taken = awaitDialog(survivor, d -> d.get("call_id").asText().equals(callId)
        && !d.get("node").asText().equals(victim.nodeName()));
    System.out.printf("cluster test: the killed node's call is held by %s %.1f s after the kill%n",
        taken.get("node").asText(), (System.nanoTime() - killed) / 1e9);
    try {
      Sipp.assertCompleted(load, bob);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n--- the survivor's warnings ---\n" + survivor.warnings(), e);
    }
    System.out.println("cluster test: " + calls + " calls through a survivor while a node with " + aorsThere
        + " AOR shards was killed: failed " + load.total("Failed call"));
    assertEquals(0, load.total("Failed call"), load.output() + "\n--- the survivor's log ---\n" + survivor.tail());
    Sipp.assertCompleted(alice, carol);
    JsonNode cdr = awaitCdr(survivor, callId);
    assertEquals("max-duration", cdr.get("ended_by").asText(), cdr.toString());
    // every user still reachable: their AORs recovered from the journal wherever they live now
    Sipp phones = Sipp.uas("uas_answer", bobPort).expect(USERS).start(dir, 120);
    Sipp everyone = Sipp.uac("uac_call_users", survivor.udp(), "u").inject(users).calls(USERS, 50).start(dir, 120);
    Sipp.assertCompleted(everyone, phones);
  }

  /** How many AOR shards the region of {@code node} holds, from a {@code GET /shards} answer. */
  private static int aorShardsOf(JsonNode shards, NodeProcess node) {
    for (JsonNode type : shards.path("types")) {
      if (type.path("type").asText().equals("Aor")) {
        for (JsonNode region : type.path("regions")) {
          if (region.path("node").asText().equals(node.nodeName())) {
            return region.path("shards").asInt();
          }
        }
      }
    }
    return 0;
  }

  private void register(NodeProcess through) throws Exception {
    Sipp register = Sipp.uac("uac_register_digest", through.udp(), "bob")
        .key("contact_port", String.valueOf(bobPort)).auth("bob", "bobpw").calls(1, 1).start(dir, 60);
    assertTrue(register.succeeded(60), "bob's registration:\n" + register.output());
  }

  /** A counter of every live node: its sum over the cluster. */
  private double crossings(String counter, String... labels) throws Exception {
    double sum = 0;
    for (NodeProcess n : nodes) {
      if (n.isAlive()) {
        sum += n.metrics().value(counter, labels);
      }
    }
    return sum;
  }

  private static JsonNode awaitDialog(NodeProcess node, java.util.function.Predicate<JsonNode> match)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last = node.get("/dialogs?state=confirmed").body();
        for (JsonNode d : JSON.readTree(last).path("dialogs")) {
          if (match.test(d)) {
            return d;
          }
        }
      } catch (java.io.IOException notNow) {
        last = notNow.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no such dialog listed within 60 s; last answer: " + last);
  }

  private static void awaitStored(NodeProcess node) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (node.metrics().value("parley_dialog_store_written_total") >= 1) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the confirmed dialog was not stored");
  }

  private static JsonNode awaitCdr(NodeProcess node, String callId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = node.get("/cdrs?call-id=" + URLEncoder.encode(callId, StandardCharsets.UTF_8)).body();
      JsonNode list = JSON.readTree(last).path("cdrs");
      if (list.size() > 0) {
        return list.get(0);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no CDR for " + callId + " within 30 s; last answer: " + last);
  }

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
