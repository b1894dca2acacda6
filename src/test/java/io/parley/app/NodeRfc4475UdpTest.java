package io.parley.app;

import static io.parley.app.SipProbe.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every RFC 4475 file as one UDP datagram to a running node (RFC 4475 §1: the messages
 * "ostensibly arrived over UDP"), and the answer it gets. The node serves example.com.
 *
 * <p>{@link #SILENT} marks what must get no answer: a response that is malformed, or one no
 * transaction waits for. Silence is checked without waiting on a clock: an OPTIONS follows the
 * vector on the same socket, and its 200 must be the next datagram back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeRfc4475UdpTest {
  private static final int SILENT = 0;

  /** file → the status the node answers at this stage, or {@link #SILENT}. */
  private static final Map<String, Integer> ANSWER = new LinkedHashMap<>();

  static {
    // §3.1.1 valid requests parse; not being for the server itself, they get 501 until the
    // proxy core forwards them (REGISTER sip:example.com is for the server: 501 until the
    // registrar lands)
    for (String f : List.of("wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq",
        "dblreq", "semiuri", "transports", "mpart01")) {
      ANSWER.put(f, 501);
    }
    ANSWER.put("unreason", SILENT); // valid responses, but no transaction awaits them
    ANSWER.put("noreason", SILENT);
    // §3.1.2 invalid: 400, 505 for the version; malformed responses are dropped
    for (String f : List.of("badinv01", "clerr", "ncl", "scalar02", "quotbal", "ltgtruri",
        "lwsruri", "lwsstart", "trws", "escruri", "baddate", "regbadct", "badaspec", "baddn",
        "mismatch01", "mismatch02")) {
      ANSWER.put(f, 400);
    }
    ANSWER.put("badvers", 505);
    ANSWER.put("scalarlg", SILENT);
    ANSWER.put("bigcode", SILENT);
    // §3.2–3.4
    ANSWER.put("badbranch", 400);
    ANSWER.put("insuf", 400);
    ANSWER.put("unkscm", 416);
    ANSWER.put("novelsc", 416);
    ANSWER.put("unksm2", 501); // REGISTER to the server: the registrar's 400 comes with it
    ANSWER.put("bext01", 420);
    ANSWER.put("invut", 501); // to be forwarded unchanged by the proxy core
    ANSWER.put("regaut01", 501);
    ANSWER.put("multi01", 400);
    ANSWER.put("mcl01", 400);
    ANSWER.put("bcast", SILENT); // a proxy drops it
    ANSWER.put("zeromf", 483);
    for (String f : List.of("cparam01", "cparam02", "regescrt")) {
      ANSWER.put(f, 501); // REGISTER: the registrar stores them
    }
    ANSWER.put("sdp01", 501);
    ANSWER.put("inv2543", 501);
  }

  private TestNode node;
  private SipProbe probe;

  @BeforeAll
  void start() throws Exception {
    node = TestNode.start("parley.domains = [\"example.com\"]");
    probe = new SipProbe(node.udp());
  }

  @AfterAll
  void stop() throws Exception {
    probe.close();
    node.close();
  }

  static Stream<String> files() {
    return ANSWER.keySet().stream();
  }

  @Test
  void theTableCoversTheManifest() {
    Set<String> listed = new TreeSet<>();
    Vectors.manifest("rfc4475").forEach(r -> listed.add(r[0].replace(".dat", "")));
    assertEquals(listed, new TreeSet<>(ANSWER.keySet()));
  }

  @ParameterizedTest
  @MethodSource("files")
  void eachVectorGetsItsAnswer(String file) throws Exception {
    probe.send(Vectors.bytes("rfc4475", file + ".dat"));
    int expected = ANSWER.get(file);
    String options = probe.options(70);
    if (expected == SILENT) {
      probe.send(options.getBytes(StandardCharsets.US_ASCII));
      String next = probe.receive();
      assertEquals(200, status(next), file + " was answered: " + next);
      assertTrue(next.contains(callIdOf(options)), next);
      return;
    }
    String answer = probe.receive();
    assertEquals(expected, status(answer), file + " got: " + answer);
    if (expected == 420) {
      assertTrue(answer.contains("Unsupported: noProxiesSupportThis, norDoAnyProxiesSupportThis"), answer);
    }
    // the node is still up and answering after every vector
    probe.send(options.getBytes(StandardCharsets.US_ASCII));
    assertEquals(200, status(probe.receive()), "OPTIONS after " + file);
  }

  @Test
  void theUnlistedVectorIsHarmless() throws Exception {
    // no SIP-Version in its request line: the transport may drop it as not SIP (counted), or
    // the edge answers 400; either way the node goes on answering
    long garbageBefore = node.node.transportStats().droppedGarbage();
    probe.send(Vectors.bytes("rfc4475", "unlisted/test.dat"));
    String options = probe.options(70);
    probe.send(options.getBytes(StandardCharsets.US_ASCII));
    String first = probe.receive();
    if (status(first) == 400) {
      first = probe.receive();
    } else {
      assertEquals(garbageBefore + 1, node.node.transportStats().droppedGarbage());
    }
    assertEquals(200, status(first), first);
    assertTrue(first.contains(callIdOf(options)), first);
  }

  @Test
  void optionsToTheServerGetsAllowAcceptAndSupported() throws Exception {
    probe.send(probe.options(70).getBytes(StandardCharsets.US_ASCII));
    String answer = probe.receive();
    assertEquals(200, status(answer));
    assertTrue(answer.contains("\r\nAllow: OPTIONS\r\n"), answer);
    assertTrue(answer.contains("\r\nAccept: "), answer);
    assertTrue(answer.contains("\r\nSupported:"), answer);
    assertTrue(answer.matches("(?s).*\r\nTo: <sip:[^\r]*>;tag=[^\r]+\r\n.*"), answer);
  }

  @Test
  void optionsToTheServerWithMaxForwardsZeroIsStillAnswered() throws Exception {
    // RFC 3261 §16.3 item 3: 483 is for requests the proxy would forward, not for its own
    probe.send(probe.options(0).getBytes(StandardCharsets.US_ASCII));
    assertEquals(200, status(probe.receive()));
  }

  private static String callIdOf(String message) {
    int i = message.indexOf("Call-ID: ");
    return message.substring(i, message.indexOf("\r\n", i));
  }
}
