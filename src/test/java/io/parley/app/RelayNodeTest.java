package io.parley.app;

import static io.parley.app.SipProbe.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.DigestAlgorithm;
import io.parley.registrar.DigestUa;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * No open relay, tried as an attacker would, over real UDP against a node with the default
 * proxy settings: a stranger ({@code sip:spammer@evil.example}) tries to reach a foreign host
 * (a sink on 127.0.0.1 at a port that is not ours) through every trick of issue 10, each beside
 * the legitimate request it imitates. A request that was relayed would reach the victim sink and
 * bring back its 480; a refused one gets our own answer, and the victim sees nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayNodeTest {
  private TestNode node;
  private SipProbe probe;
  /** The foreign host the attacker wants to reach. */
  private RespondingSink victim;
  /** bob's phone, registered at example.com. */
  private RespondingSink bobPhone;
  private String us;
  private String victimHost;
  private int sequence;

  @BeforeAll
  void start() throws Exception {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.trusted-peers = [{ network = "127.0.0.3/32", description = "a gateway" }]
        """);
    node.node.subscriberRepository().add("alice", "example.com", "alicepw");
    node.node.subscriberRepository().add("bob", "example.com", "bobpw");
    node.node.subscriberCache().refresh();
    probe = new SipProbe(node.udp());
    victim = new RespondingSink();
    bobPhone = new RespondingSink();
    us = "127.0.0.1:" + node.udp().getPort();
    victimHost = "127.0.0.1:" + victim.port();
    TestRegister.registerWithDigest(probe, "bob", "bobpw", "example.com", "<sip:bob@127.0.0.1:" + bobPhone.port() + ">");
  }

  @AfterAll
  void stop() throws Exception {
    probe.close();
    victim.close();
    bobPhone.close();
    node.close();
  }

  /** One attempt: what it sends, and the answer it must get. */
  private record Attempt(String name, String method, String uri, String toTag, List<String> extra, int expected) {}

  @Test
  void noStrangerReachesAForeignHost() throws Exception {
    victim.clear(); // what other tests sent it legitimately
    String victimUri = "sip:victim@" + victimHost;
    List<Attempt> attempts = List.of(
        new Attempt("1 INVITE to a foreign host", "INVITE", victimUri, null, List.of(), 403),
        new Attempt("2 MESSAGE to a foreign host", "MESSAGE", victimUri, null, List.of(), 403),
        new Attempt("3 INVITE to a foreign host, through our Route", "INVITE", victimUri, null,
            List.of("Route: <sip:" + us + ";lr>"), 403),
        new Attempt("4 route set: our domain, then the foreign host", "INVITE", victimUri, null,
            List.of("Route: <sip:example.com;lr>, <sip:" + victimHost + ";lr>"), 403),
        new Attempt("5 strict-route trick: our address as Request-URI", "INVITE", "sip:" + us + ";lr", null,
            List.of("Route: <" + victimUri + ">"), 403),
        new Attempt("6 maddr trick: a foreign URI whose maddr is our address", "INVITE",
            victimUri + ";maddr=127.0.0.1", null, List.of(), 403),
        new Attempt("7 fake in-dialog INVITE", "INVITE", victimUri, "made-up", List.of(), 404),
        new Attempt("8 fake in-dialog MESSAGE", "MESSAGE", victimUri, "made-up", List.of(), 404),
        new Attempt("9 fake in-dialog BYE", "BYE", victimUri, "made-up", List.of(), 404),
        new Attempt("10 fake in-dialog BYE through our address", "BYE", victimUri, "made-up",
            List.of("Route: <sip:" + us + ";lr>"), 404),
        new Attempt("11 fake in-dialog INVITE through a forged Record-Route", "INVITE", victimUri, "made-up",
            List.of("Route: <sip:" + us + ";transport=udp;lr;ptk=AAAAAAAAAAAA>"), 404),
        new Attempt("12 fake in-dialog MESSAGE through a foreign Route", "MESSAGE", "sip:bob@example.com",
            "made-up", List.of("Route: <sip:" + victimHost + ";lr>"), 404));
    List<String> failures = new ArrayList<>();
    for (Attempt a : attempts) {
      String answer = send(a.method(), a.uri(), "sip:spammer@evil.example", a.toTag(), a.extra());
      if (answer == null || status(answer) != a.expected()) {
        failures.add(a.name() + ": " + (answer == null ? "no answer" : answer.lines().findFirst().orElse("")));
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    // 13, 14: our user's Request-URI with preloaded foreign Routes: the Routes go, bob's phone rings
    for (String route : List.of("<sip:" + victimHost + ";lr>", "<sip:" + us + ";lr>, <sip:" + victimHost + ";lr>")) {
      String answer = send("INVITE", "sip:bob@example.com", "sip:spammer@evil.example", null, List.of("Route: " + route));
      assertEquals(480, status(answer), route + ": " + answer);
      String rung = new String(bobPhone.next(), StandardCharsets.UTF_8);
      assertTrue(rung.startsWith("INVITE sip:bob@127.0.0.1:" + bobPhone.port()), rung);
      assertFalse(rung.contains("\r\nRoute:"), "the preloaded Route is removed: " + rung);
    }
    // a forged in-dialog ACK: never answered, never forwarded
    String ackId = send("ACK", victimUri, "sip:spammer@evil.example", "made-up", List.of(), false);
    // the first thing the victim ever receives is the legitimate request below
    String callId = authenticatedCallFromAlice(victimUri);
    String first = new String(victim.next(), StandardCharsets.UTF_8);
    assertTrue(first.contains("Call-ID: " + callId), "the victim received a relayed request first: " + first);
    assertFalse(victim.receivedAck(ackId), "the forged ACK was relayed");
    // each refusal is counted where an operator looks
    String metrics = new ManagementHttp(node).send("GET", "/metrics", null).body();
    assertTrue(metricValue(metrics, "parley_proxy_requests_refused_total{why=\"relay_denied\"}") >= 6, metrics);
    assertTrue(metricValue(metrics, "parley_proxy_requests_refused_total{why=\"not_our_dialog\"}") >= 7, metrics);
    assertTrue(metricValue(metrics, "parley_proxy_routes_removed_total") >= 2, metrics);
  }

  private static double metricValue(String metrics, String series) {
    return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
        l.substring(series.length() + 1).trim())).findFirst().orElse(-1);
  }

  /** Legitimate: our authenticated user calls a foreign host (after the 407 challenge). */
  private String authenticatedCallFromAlice(String uri) throws Exception {
    String callId = "alice-" + (++sequence) + "@127.0.0.1";
    String challenge = send("INVITE", uri, "sip:alice@example.com", null, List.of(), callId, 1);
    assertEquals(407, status(challenge), challenge);
    String credentials = "Proxy-Authorization: " + DigestUa.authorization("INVITE", DigestAlgorithm.MD5, "alice",
        "alicepw", "example.com", DigestUa.nonceIn(challenge), uri, 1);
    String answer = send("INVITE", uri, "sip:alice@example.com", null, List.of(credentials), callId, 2);
    assertEquals(480, status(answer), "forwarded to the foreign host, whose 480 comes back: " + answer);
    return callId;
  }

  /** Legitimate: a stranger's call to bob, then bob's BYE back along our Record-Route. */
  @Test
  void aByeAlongOurRecordRouteIsForwarded() throws Exception {
    String callId = "rr-" + (++sequence) + "@127.0.0.1";
    // through an outbound proxy's preloaded Route to us
    String answer = send("INVITE", "sip:bob@example.com", "sip:carol@example.org", null,
        List.of("Route: <sip:" + us + ";lr>", "Contact: <sip:carol@" + victimHost + ">"), callId, 1);
    assertEquals(480, status(answer), answer);
    String invite = new String(bobPhone.next(), StandardCharsets.UTF_8);
    Matcher rr = Pattern.compile("(?m)^Record-Route: ([^\r\n]*)").matcher(invite);
    assertTrue(rr.find(), invite);
    assertTrue(rr.group(1).contains(";ptk="), "our Record-Route carries its proof: " + rr.group(1));
    // bob's side of the dialog: to carol's contact, along the route set
    String bye = send("BYE", "sip:carol@" + victimHost, "sip:bob@example.com", "from-bob",
        List.of("Route: " + rr.group(1)), callId, 2);
    assertEquals(480, status(bye), "the BYE reached carol's contact: " + bye);
    String forwarded = new String(victim.next(), StandardCharsets.UTF_8);
    assertTrue(forwarded.startsWith("BYE sip:carol@" + victimHost), forwarded);
    // the same BYE on another Call-ID: the proof is not for it
    String forged = send("BYE", "sip:carol@" + victimHost, "sip:bob@example.com", "from-bob",
        List.of("Route: " + rr.group(1)), "other-" + callId, 2);
    assertEquals(404, status(forged), forged);
  }

  /** A trusted peer (a gateway) is not challenged, may preload Routes and reach foreign hosts. */
  @Test
  void aTrustedPeerMayRelay() throws Exception {
    try (SipProbe gateway = new SipProbe(node.udp(), java.net.InetAddress.getByName("127.0.0.3"));
        RespondingSink pstn = new RespondingSink()) {
      String callId = "gw-" + (++sequence) + "@127.0.0.3";
      String uri = "sip:victim@example.net";
      String answer = TestInvite.of(uri, callId).from("sip:+15551234@pstn.example.net")
          .header("Route: <sip:127.0.0.1:" + pstn.port() + ";lr>").answerFrom(gateway);
      assertEquals(480, status(answer), "forwarded along its Route to the far host: " + answer);
    }
  }

  /** An unauthenticated caller cannot tell a subscriber without bindings from no subscriber. */
  @Test
  void strangersCannotListSubscribers() throws Exception {
    String unregistered = send("INVITE", "sip:alice@example.com", "sip:scanner@evil.example", null, List.of());
    String missing = send("INVITE", "sip:nobody@example.com", "sip:scanner@evil.example", null, List.of());
    assertEquals(404, status(unregistered), unregistered);
    assertEquals(404, status(missing), missing);
  }

  private String send(String method, String uri, String from, String toTag, List<String> extra) throws Exception {
    return send(method, uri, from, toTag, extra, "relay-" + (++sequence) + "@127.0.0.1", 1);
  }

  /** Sends without waiting; returns the Call-ID. */
  private String send(String method, String uri, String from, String toTag, List<String> extra, boolean unused)
      throws Exception {
    String callId = "relay-" + (++sequence) + "@127.0.0.1";
    probe.send(request(method, uri, from, toTag, extra, callId, 1));
    return callId;
  }

  private String send(String method, String uri, String from, String toTag, List<String> extra, String callId,
      int cseq) throws Exception {
    probe.send(request(method, uri, from, toTag, extra, callId, cseq));
    String answer = probe.finalAnswer(callId);
    assertNotNull(answer, method + " " + uri + ": no answer; skipped " + probe.skipped());
    if (method.equals("INVITE")) {
      // RFC 3261 §17.1.1.3: the ACK of a non-2xx final answer (absorbed by the node)
      String to = answer.lines().filter(l -> l.startsWith("To:")).findFirst().orElseThrow();
      probe.send(("ACK " + uri + " SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP 127.0.0.1:" + probe.localPort() + ";branch=z9hG4bK-" + callId.replace('@', '.') + "-" + cseq + ";rport\r\n"
          + "Max-Forwards: 70\r\n"
          + "From: <" + from + ">;tag=f-" + callId.replace('@', '.') + "\r\n"
          + to + "\r\n"
          + "Call-ID: " + callId + "\r\n"
          + "CSeq: " + cseq + " ACK\r\n"
          + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    }
    return answer;
  }

  private byte[] request(String method, String uri, String from, String toTag, List<String> extra, String callId,
      int cseq) {
    StringBuilder b = new StringBuilder()
        .append(method).append(' ').append(uri).append(" SIP/2.0\r\n")
        .append("Via: SIP/2.0/UDP 127.0.0.1:").append(probe.localPort())
        .append(";branch=z9hG4bK-").append(callId.replace('@', '.')).append('-').append(cseq).append(";rport\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("From: <").append(from).append(">;tag=f-").append(callId.replace('@', '.')).append("\r\n")
        .append("To: <").append(uri.startsWith("sip:127.0.0.1") ? "sip:victim@example.net" : uri).append('>')
        .append(toTag == null ? "" : ";tag=" + toTag).append("\r\n")
        .append("Call-ID: ").append(callId).append("\r\n")
        .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
    for (String e : extra) {
      b.append(e).append("\r\n");
    }
    return b.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }
}
