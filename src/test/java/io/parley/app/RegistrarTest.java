package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registrar and the location service through a running node, over real UDP (RFC 3261
 * §10.3, §16.5): REGISTER adds, lists and removes bindings, and a call to the AOR reaches the
 * registered contact. Without digest authentication; {@link RegistrarAuthTest} has it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrarTest {
  private TestNode node;
  private int sequence;
  @TempDir Path dir;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.sip.timers.t1 = 100ms
        parley.registrar.authenticate = off
        parley.proxy.authenticate = off
        """);
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  /** A REGISTER for {@code user}@example.com from the probe, with these extra header fields. */
  private String register(SipProbe probe, String user, String callId, int cseq, String... extra) throws Exception {
    sequence++;
    StringBuilder s = new StringBuilder()
        .append("REGISTER sip:example.com SIP/2.0\r\n")
        .append("Via: SIP/2.0/UDP 127.0.0.1:").append(probe.localPort())
        .append(";branch=z9hG4bK-reg-").append(sequence).append(";rport\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("To: <sip:").append(user).append("@example.com>\r\n")
        .append("From: <sip:").append(user).append("@example.com>;tag=r").append(sequence).append("\r\n")
        .append("Call-ID: ").append(callId).append("\r\n")
        .append("CSeq: ").append(cseq).append(" REGISTER\r\n");
    for (String h : extra) {
      s.append(h).append("\r\n");
    }
    s.append("Content-Length: 0\r\n\r\n");
    probe.send(s.toString().getBytes(StandardCharsets.UTF_8));
    String answer = probe.finalAnswer(callId);
    assertNotNull(answer, "no answer to REGISTER; skipped " + probe.skipped());
    return answer;
  }

  private static List<String> contacts(String response) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?im)^(?:Contact|m)[ \\t]*:[ \\t]*(.+?)\\r?$").matcher(response);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void registerListAndRemoveBindings() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      String ok = register(probe, "alice", "alice-1", 1,
          "Contact: <sip:alice@192.0.2.10:5070>;expires=600", "Contact: <sip:alice@192.0.2.11>;q=0.5");
      assertEquals(200, SipProbe.status(ok), ok);
      assertTrue(ok.contains("\r\nDate: "), ok);
      List<String> listed = contacts(ok);
      assertEquals(2, listed.size(), ok);
      assertTrue(listed.get(0).startsWith("<sip:alice@192.0.2.10:5070>;expires="), ok);
      assertTrue(listed.get(1).startsWith("<sip:alice@192.0.2.11>;expires="), ok);
      assertTrue(listed.get(1).endsWith(";q=0.5"), ok);

      // RFC 3261 §10.2.3: without Contact, the answer lists the bindings
      String query = register(probe, "alice", "alice-q", 1);
      assertEquals(200, SipProbe.status(query), query);
      assertEquals(2, contacts(query).size(), query);

      // RFC 3261 §10.2.2: expires 0 removes that one binding
      String removed = register(probe, "alice", "alice-1", 2, "Contact: <sip:alice@192.0.2.10:5070>", "Expires: 0");
      assertEquals(200, SipProbe.status(removed), removed);
      assertEquals(List.of("<sip:alice@192.0.2.11>;expires=3600;q=0.5"), contacts(removed).stream()
          .map(c -> c.replaceAll("expires=\\d+", "expires=3600")).toList(), removed);

      // RFC 3261 §10.3 step 7: a CSeq below the one stored with the binding for the same Call-ID
      // fails; the same CSeq is the request that set it, retransmitted, and answered again
      String refresh = register(probe, "alice", "alice-1", 3, "Contact: <sip:alice@192.0.2.11>;q=0.5");
      assertEquals(200, SipProbe.status(refresh), refresh);
      String stale = register(probe, "alice", "alice-1", 2, "Contact: <sip:alice@192.0.2.11>;q=0.5");
      assertEquals(500, SipProbe.status(stale), stale);
      String again = register(probe, "alice", "alice-1", 3, "Contact: <sip:alice@192.0.2.11>;q=0.5");
      assertEquals(200, SipProbe.status(again), again);
      assertEquals(1, contacts(again).size(), again);

      // RFC 3261 §10.2.2: Contact: * with Expires: 0 removes them all
      String all = register(probe, "alice", "alice-1", 4, "Contact: *", "Expires: 0");
      assertEquals(200, SipProbe.status(all), all);
      assertEquals(List.of(), contacts(all), all);
    }
  }

  @Test
  void tooBriefAnExpiryIs423WithMinExpires() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      String answer = register(probe, "carol", "carol-1", 1, "Contact: <sip:carol@192.0.2.12>", "Expires: 10");
      assertEquals(423, SipProbe.status(answer), answer);
      assertTrue(answer.contains("\r\nMin-Expires: 60\r\n"), answer);
    }
  }

  @Test
  void aWildcardWithoutExpiresZeroIsABadRequest() throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      assertEquals(400, SipProbe.status(register(probe, "dave", "dave-1", 1, "Contact: *")));
    }
  }

  /**
   * RFC 3261 §16.5: an AOR that is neither subscriber nor alias is not found, even after it had
   * bindings; a subscriber (or an alias of one) without bindings now is 480.
   */
  @Test
  void aCallToAnUnregisteredOrExpiredAorFails() throws Exception {
    node.node.subscriberRepository().add("erin", "example.com", "erinpw");
    node.node.subscriberRepository().addAlias("erin.e", "example.com", "erin", "example.com");
    node.node.subscriberCache().refresh();
    try (SipProbe probe = new SipProbe(node.udp())) {
      assertEquals(404, SipProbe.status(invite(probe, "nobody", "inv-nobody")));
      assertEquals(480, SipProbe.status(invite(probe, "erin", "inv-erin-0")), "a subscriber never registered");
      assertEquals(200, SipProbe.status(register(probe, "erin", "erin-1", 1, "Contact: <sip:erin@192.0.2.13>")));
      assertEquals(200, SipProbe.status(register(probe, "erin", "erin-1", 2, "Contact: *", "Expires: 0")));
      assertEquals(480, SipProbe.status(invite(probe, "erin", "inv-erin")));
      assertEquals(480, SipProbe.status(invite(probe, "erin.e", "inv-erin-alias")));
      assertEquals(200, SipProbe.status(register(probe, "frank", "frank-1", 1, "Contact: <sip:frank@192.0.2.14>")));
      assertEquals(200, SipProbe.status(register(probe, "frank", "frank-1", 2, "Contact: *", "Expires: 0")));
      assertEquals(404, SipProbe.status(invite(probe, "frank", "inv-frank")), "not a subscriber");
    }
  }

  private String invite(SipProbe probe, String user, String callId) throws Exception {
    sequence++;
    String s = "INVITE sip:" + user + "@example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + probe.localPort() + ";branch=z9hG4bK-inv-" + sequence + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <sip:" + user + "@example.com>\r\n"
        + "From: <sip:probe@example.com>;tag=i" + sequence + "\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: 1 INVITE\r\n"
        + "Contact: <sip:probe@127.0.0.1:" + probe.localPort() + ">\r\n"
        + "Content-Length: 0\r\n\r\n";
    probe.send(s.getBytes(StandardCharsets.UTF_8));
    String answer = probe.finalAnswer(callId);
    assertNotNull(answer, "no final answer to INVITE; skipped " + probe.skipped());
    return answer;
  }

  /** A callee registers its SIPp port as bob's contact; a SIPp caller calls bob through the node. */
  @Test
  void aCallReachesTheRegisteredContact() throws Exception {
    Sipp.require();
    int uasPort;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      uasPort = s.getLocalPort();
    }
    try (SipProbe probe = new SipProbe(node.udp())) {
      String ok = register(probe, "bob", "bob-reg", 1, "Contact: <sip:bob@127.0.0.1:" + uasPort + ">");
      assertEquals(200, SipProbe.status(ok), ok);
    }
    Sipp uas = Sipp.uas("uas_answer", uasPort).expect(5).start(dir, 60);
    Sipp uac = Sipp.uac("uac_call", node.udp(), "bob").calls(5, 10).start(dir, 60);
    try {
      boolean callerOk = uac.succeeded(120);
      assertTrue(callerOk, "caller:\n" + uac.output());
      assertTrue(uas.succeeded(60), "callee:\n" + uas.output());
    } finally {
      uac.kill();
      uas.kill();
    }
  }
}
