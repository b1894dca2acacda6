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
 * "ostensibly arrived over UDP"), and the answer it gets. The node serves example.com, has no
 * registered users yet (so its users are not found, RFC 3261 §16.5), and routes the foreign
 * domains of the vectors to a local sink that answers 480 — so a valid request to a foreign
 * domain is forwarded and its 480 comes back through the proxy.
 *
 * <p>Answers are matched by Call-ID, so 100 Trying and retransmissions of earlier finals do not
 * confuse the order. {@link #SILENT} marks what must get no answer: a response that is malformed
 * or not ours; it is checked without waiting on a clock: an OPTIONS follows on the same socket, and
 * no answer to the vector may come before the OPTIONS' 200.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeRfc4475UdpTest {
  private static final int SILENT = 0;

  /** file → the final status the node answers with, or {@link #SILENT}. */
  private static final Map<String, Integer> ANSWER = new LinkedHashMap<>();

  static {
    // §3.1.1 valid: to a foreign domain → forwarded, the sink's 480 comes back; to one of our
    // users that never registered → 404; REGISTER to the server itself → the registrar's
    // answer: 401, as none of them has credentials the node accepts (RFC 3261 §10.3 step 3)
    ANSWER.put("wsinv", 500); // its Route names services.example.com, which does not resolve
    // (503 from the proxy itself goes upstream as 500, RFC 3261 §16.7 item 6)
    ANSWER.put("intmeth", 404);
    ANSWER.put("esc01", 480);
    ANSWER.put("escnull", 401);
    ANSWER.put("esc02", 480);
    ANSWER.put("lwsdisp", 404);
    ANSWER.put("longreq", 404);
    ANSWER.put("dblreq", 401);
    ANSWER.put("semiuri", 404);
    ANSWER.put("transports", 404);
    ANSWER.put("mpart01", 408); // its Route (a strict router) is 127.0.0.1:5080: nobody answers
    ANSWER.put("unreason", SILENT); // valid responses, but their top Via is not ours
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
    ANSWER.put("unksm2", 400); // REGISTER whose To is no SIP URI: the registrar's 400
    ANSWER.put("bext01", 420);
    ANSWER.put("invut", 404); // forwarded unchanged once bob@example.com can register
    ANSWER.put("regaut01", 401); // its credentials answer no nonce of ours: challenged
    ANSWER.put("multi01", 400);
    ANSWER.put("mcl01", 400);
    ANSWER.put("bcast", SILENT); // RFC 3261 §18.1.2: not our Via, so dropped, never forwarded
    ANSWER.put("zeromf", 483);
    for (String f : List.of("cparam01", "cparam02", "regescrt")) {
      ANSWER.put(f, 401); // REGISTER: the registrar challenges them first
    }
    ANSWER.put("sdp01", 404);
    ANSWER.put("inv2543", 404);
  }

  private TestNode node;
  private SipProbe probe;
  private RespondingSink sink;

  @BeforeAll
  void start() throws Exception {
    sink = new RespondingSink();
    String target = "sip:127.0.0.1:" + sink.port();
    // T1 50 ms: a request nobody answers times out (Timer B/F, 64*T1) in 3.2 s
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.sip.timers.t1 = 50ms
        # the vectors' From and Request-URI domains are what they are: their requests are
        # forwarded as a proxy without authentication would (ProxyAuthSippTest covers it)
        parley.proxy.authenticate = off
        parley.proxy.allow-relay = on
        parley.routing.static = [
          { match = "sip:chair-dnrc.example.com", target = "%1$s" },
          { match = "sip:example.net", target = "%1$s" },
          { match = "sip:registrar.example.com", target = "%1$s" },
          { match = "sip:example.org", target = "%1$s" }
        ]
        """.formatted(target));
    probe = new SipProbe(node.udp());
  }

  @AfterAll
  void stop() throws Exception {
    probe.close();
    node.close();
    sink.close();
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
    byte[] vector = Vectors.bytes("rfc4475", file + ".dat");
    String callId = callIdOf(new String(vector, StandardCharsets.ISO_8859_1));
    probe.send(vector);
    int expected = ANSWER.get(file);
    String options = probe.options(70);
    if (expected == SILENT) {
      probe.send(options.getBytes(StandardCharsets.US_ASCII));
      String answer = probe.finalAnswer(callIdOf(options));
      assertEquals(200, status(answer), answer);
      assertTrue(probe.skipped().stream().noneMatch(m -> callId != null && m.contains(callId)),
          file + " was answered: " + probe.skipped());
      return;
    }
    String answer = probe.finalAnswer(callId);
    assertEquals(expected, status(answer), file + " got: " + answer);
    if (expected == 420) {
      assertTrue(answer.contains("Unsupported: noProxiesSupportThis, norDoAnyProxiesSupportThis"), answer);
    }
    // the node is still up and answering after every vector
    probe.send(options.getBytes(StandardCharsets.US_ASCII));
    assertEquals(200, status(probe.finalAnswer(callIdOf(options))), "OPTIONS after " + file);
  }

  @Test
  void aForwardedRequestKeepsItsUnknownHeaderAndItsBodyByteForByte() throws Exception {
    // the vectors without their Route and with a Call-ID of their own (the same one again would
    // be a retransmission, RFC 3261 §17.2.3); wsinv is in a dialog (its To has a tag), so it is
    // routed by its Request-URI (RFC 3261 §16.5): that names the sink here
    sink.clear();
    byte[] wsinv = renamed(withoutField(Vectors.bytes("rfc4475", "wsinv.dat"), "Route"));
    wsinv = new String(wsinv, StandardCharsets.ISO_8859_1)
        .replaceFirst("chair-dnrc\\.example\\.com", "127.0.0.1:" + sink.port())
        .getBytes(StandardCharsets.ISO_8859_1);
    probe.send(wsinv);
    assertEquals(480, status(probe.finalAnswer(callIdOf(new String(wsinv, StandardCharsets.ISO_8859_1)))));
    String forwarded = new String(sink.next(), StandardCharsets.ISO_8859_1);
    // RFC 4475 §3.1.1.1: a proxy forwards unknown headers unchanged
    assertTrue(forwarded.contains("\r\nUnknownHeaderWithUnusualValue: ;;,,;;,;\r\n"), forwarded);
    assertTrue(forwarded.startsWith("INVITE sip:vivekg@127.0.0.1:" + sink.port()
        + ";unknownparam SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:"), forwarded);
    // RFC 3261 §16.6 item 3: 0068 less one; the field keeps the name it came with
    assertTrue(forwarded.contains("\r\nMaX-fOrWaRdS: 67\r\n"), forwarded);

    sink.clear();
    byte[] mpart = renamed(withoutField(Vectors.bytes("rfc4475", "mpart01.dat"), "Route"));
    probe.send(mpart);
    assertEquals(480, status(probe.finalAnswer(callIdOf(new String(mpart, StandardCharsets.ISO_8859_1)))));
    byte[] out = sink.next();
    // RFC 4475 §3.1.1.11: the binary body, NULs and bare LFs included, leaves exactly as it came
    assertTrue(java.util.Arrays.equals(bodyOf(mpart), bodyOf(out)));
  }

  @Test
  void theUnlistedVectorIsHarmless() throws Exception {
    // no SIP-Version in its request line: the transport may drop it as not SIP (counted), or
    // the edge answers 400; either way the node goes on answering
    long garbageBefore = node.node.transportStats().droppedGarbage();
    probe.send(Vectors.bytes("rfc4475", "unlisted/test.dat"));
    String options = probe.options(70);
    probe.send(options.getBytes(StandardCharsets.US_ASCII));
    assertEquals(200, status(probe.finalAnswer(callIdOf(options))));
    boolean answered400 = probe.skipped().stream().anyMatch(m -> m.startsWith("SIP/2.0 400"));
    assertTrue(answered400 || node.node.transportStats().droppedGarbage() == garbageBefore + 1);
  }

  @Test
  void optionsToTheServerGetsAllowAcceptAndSupported() throws Exception {
    String options = probe.options(70);
    probe.send(options.getBytes(StandardCharsets.US_ASCII));
    String answer = probe.finalAnswer(callIdOf(options));
    assertEquals(200, status(answer));
    assertTrue(answer.contains("\r\nAllow: OPTIONS, REGISTER\r\n"), answer);
    assertTrue(answer.contains("\r\nAccept: "), answer);
    assertTrue(answer.contains("\r\nSupported:"), answer);
    assertTrue(answer.matches("(?s).*\r\nTo: <sip:[^\r]*>;tag=[^\r]+\r\n.*"), answer);
  }

  @Test
  void optionsToTheServerWithMaxForwardsZeroIsStillAnswered() throws Exception {
    // RFC 3261 §16.3 item 3: 483 is for requests the proxy would forward, not for its own
    String options = probe.options(0);
    probe.send(options.getBytes(StandardCharsets.US_ASCII));
    assertEquals(200, status(probe.finalAnswer(callIdOf(options))));
  }

  /** The Call-ID value of a message in long or compact form, or null when it has none. */
  private static String callIdOf(String message) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("(?im)^(?:Call-ID|i)[ \\t]*:[ \\t]*(\\S+)").matcher(message);
    return m.find() ? m.group(1) : null;
  }

  /** The message with "copy-" before its Call-ID: another call. */
  private static byte[] renamed(byte[] message) {
    String s = new String(message, StandardCharsets.ISO_8859_1);
    String id = callIdOf(s);
    return s.replace(id, "copy-" + id).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The message without the header field {@code name}, its continuation lines included. */
  private static byte[] withoutField(byte[] message, String name) {
    String s = new String(message, StandardCharsets.ISO_8859_1);
    int start = s.indexOf("\r\n" + name + ":") + 2;
    int end = s.indexOf("\r\n", start);
    while (s.charAt(end + 2) == ' ' || s.charAt(end + 2) == '\t') {
      end = s.indexOf("\r\n", end + 2);
    }
    return (s.substring(0, start) + s.substring(end + 2)).getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] bodyOf(byte[] message) {
    String s = new String(message, StandardCharsets.ISO_8859_1);
    int i = s.indexOf("\r\n\r\n");
    return java.util.Arrays.copyOfRange(message, i + 4, message.length);
  }
}
