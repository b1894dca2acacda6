package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /registrations} on a real node, fed by real REGISTERs over UDP: the bindings with every
 * field an operator looks at, a domain's registrations page by page, the removal of one contact
 * and of all (the proxy no longer reaches them), the token for DELETE, and JSON 4xx for bad
 * input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationRoutesTest {
  static final String TOKEN = "registration-test-token-0123";
  private TestNode node;
  private ManagementHttp http;
  private int sequence;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.domains = ["example.com", "example.org"]
        parley.registrar.authenticate = off
        parley.proxy.authenticate = off
        parley.sip.timers.t1 = 100ms
        parley.management.token = "%s"
        """.formatted(TOKEN));
    http = new ManagementHttp(node);
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  /** Registers {@code user@domain} at {@code contact} (a Contact field value) with extra header fields. */
  private String register(String user, String domain, String contact, String... extra) throws Exception {
    try (SipProbe probe = new SipProbe(node.udp())) {
      TestRegister r = TestRegister.of(user, domain, "reg-" + user + "-" + (++sequence)).contact(contact);
      for (String h : extra) {
        r.header(h);
      }
      String ok = r.sendFrom(probe);
      assertEquals(200, SipProbe.status(ok), ok);
      return "udp:127.0.0.1:" + probe.localPort();
    }
  }

  private JsonNode get(String path) throws Exception {
    ManagementHttp.Answer a = http.send("GET", path, null);
    assertEquals(200, a.status(), a.body());
    return a.json();
  }

  private String node() {
    return node.node.system().address().toString();
  }

  @Test
  void anAorsBindingsWithTheirFields() throws Exception {
    String source = register("alice", "example.com", "<sip:alice@127.0.0.1:5071>;q=0.7",
        "Expires: 600", "User-Agent: TestPhone/2.0 (model X)");
    register("alice", "example.com", "<sip:alice@127.0.0.1:5072;transport=tcp>", "Expires: 300");

    JsonNode r = get("/registrations/alice@example.com");
    assertEquals("alice@example.com", r.path("aor").asText());
    assertEquals(node(), r.path("node").asText());
    JsonNode bindings = r.path("bindings");
    assertEquals(2, bindings.size(), r.toString());
    JsonNode first = bindings.get(0);
    // q 1.0 (none given) sorts before 0.7 (RFC 3261 §16.6)
    assertEquals("sip:alice@127.0.0.1:5072;transport=tcp", first.path("contact").asText(), r.toString());
    assertTrue(first.path("q").isNull(), r.toString());
    assertTrue(first.path("user_agent").isNull(), r.toString());
    JsonNode second = bindings.get(1);
    assertEquals("sip:alice@127.0.0.1:5071", second.path("contact").asText());
    assertEquals(0.7, second.path("q").asDouble(), 1e-9);
    long expires = second.path("expires").asLong();
    assertTrue(expires > 590 && expires <= 600, "expires " + expires);
    assertEquals(source, second.path("received").asText(), r.toString());
    assertFalse(second.path("flow").asText().isEmpty(), r.toString());
    assertEquals("TestPhone/2.0 (model X)", second.path("user_agent").asText());
    assertEquals(node(), second.path("node").asText());
    assertTrue(second.path("call_id").asText().startsWith("reg-alice-"), r.toString());

    // any spelling of the AOR: sip: scheme, an escaped user, the domain in capitals
    JsonNode same = get("/registrations/sip:%2561lice@EXAMPLE.com");
    assertEquals("alice@example.com", same.path("aor").asText(), same.toString());
    assertEquals(2, same.path("bindings").size());
  }

  @Test
  void aDomainsRegistrationsPageByPage() throws Exception {
    for (String user : List.of("pc", "pa", "pd", "pb")) {
      register(user, "example.com", "<sip:" + user + "@127.0.0.1:5080>");
    }
    register("pa", "example.org", "<sip:pa@127.0.0.1:5081>");
    register("pz", "example.org", "<sip:pz@127.0.0.1:5082>");
    // an AOR whose only binding went: in the journal, not in a listing
    register("pe", "example.com", "<sip:pe@127.0.0.1:5083>");
    assertEquals(204, http.send("DELETE", "/registrations/pe@example.com", null, TOKEN).status());

    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      JsonNode page = get("/registrations?domain=example.com&limit=2" + (after == null ? "" : "&after=" + after));
      assertEquals(2, page.path("limit").asInt());
      assertTrue(page.path("registrations").size() <= 2, page.toString());
      page.path("registrations").forEach(r -> {
        assertTrue(r.path("aor").asText().endsWith("@example.com"), r.toString());
        assertTrue(r.path("bindings").size() > 0, r.toString());
        seen.add(r.path("aor").asText());
      });
      after = page.path("next").isNull() ? null : page.path("next").asText();
      pages++;
    } while (after != null && pages < 20);
    List<String> mine = seen.stream().filter(a -> a.matches("p[a-e]@example\\.com")).toList();
    assertEquals(List.of("pa@example.com", "pb@example.com", "pc@example.com", "pd@example.com"), mine);
    assertTrue(pages >= 2, "one page for " + seen);

    JsonNode org = get("/registrations?domain=EXAMPLE.ORG");
    List<String> orgs = new ArrayList<>();
    org.path("registrations").forEach(r -> orgs.add(r.path("aor").asText()));
    assertEquals(List.of("pa@example.org", "pz@example.org"), orgs.stream().filter(a -> a.startsWith("p")).toList());
    assertTrue(org.path("next").isNull(), org.toString());

    JsonNode all = get("/registrations?limit=1000");
    List<String> every = new ArrayList<>();
    all.path("registrations").forEach(r -> every.add(r.path("aor").asText()));
    assertTrue(every.containsAll(List.of("pa@example.com", "pa@example.org", "pz@example.org")), every.toString());
  }

  @Test
  void removeOneContactThenAllAndTheProxyNoLongerReachesThem() throws Exception {
    try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      phone.setSoTimeout(3000);
      String reachable = "sip:carol@127.0.0.1:" + phone.getLocalPort();
      register("carol", "example.com", "<" + reachable + ">");
      register("carol", "example.com", "<sip:carol@127.0.0.1:5091>");
      assertEquals(2, get("/registrations/carol@example.com").path("bindings").size());

      // DELETE needs the token
      ManagementHttp.Answer refused = http.send("DELETE", "/registrations/carol@example.com", null);
      assertEquals(401, refused.status(), refused.body());
      assertFalse(refused.error().isEmpty());
      assertEquals(2, get("/registrations/carol@example.com").path("bindings").size());

      // one contact, written as an operator pastes it
      ManagementHttp.Answer one = http.send("DELETE",
          "/registrations/carol@example.com?contact=%3Csip:carol@127.0.0.1:5091%3E", null, TOKEN);
      assertEquals(204, one.status(), one.body());
      JsonNode left = get("/registrations/carol@example.com").path("bindings");
      assertEquals(1, left.size(), left.toString());
      assertEquals(reachable, left.get(0).path("contact").asText());
      ManagementHttp.Answer again = http.send("DELETE",
          "/registrations/carol@example.com?contact=sip:carol@127.0.0.1:5091", null, TOKEN);
      assertEquals(404, again.status(), again.body());
      assertTrue(again.error().contains("no binding with contact"), again.body());
      assertEquals(486, SipProbe.status(callThrough(phone, "carol", "rm-inv-1")), "the other binding is routed to");

      // all of them
      assertEquals(204, http.send("DELETE", "/registrations/carol@example.com", null, TOKEN).status());
      ManagementHttp.Answer none = http.send("GET", "/registrations/carol@example.com", null);
      assertEquals(404, none.status(), none.body());
      assertEquals(0, none.json().path("bindings").size(), none.body());
      assertTrue(none.error().contains("not registered"), none.body());
      assertEquals(404, http.send("DELETE", "/registrations/carol@example.com", null, TOKEN).status());
      try (SipProbe caller = new SipProbe(node.udp())) {
        String answer = TestInvite.of("sip:carol@example.com", "rm-inv-2").sendFrom(caller);
        assertNotNull(answer, "no answer to the INVITE");
        // no bindings, and carol is no subscriber here: 404 (LocationLookup; 480 for a subscriber)
        assertEquals(404, SipProbe.status(answer), answer);
      }
    }
  }

  @Test
  void badInputIsA4xxWithAJsonMessage() throws Exception {
    String[][] cases = {
        {"GET", "/registrations/not-an-aor", "400"},
        {"GET", "/registrations/a%20b@example.com", "400"},
        {"GET", "/registrations/alice@", "400"},
        {"GET", "/registrations/alice@elsewhere.example", "404"},
        {"GET", "/registrations?domain=..bad", "400"},
        {"GET", "/registrations?domain=elsewhere.example", "404"},
        {"GET", "/registrations?limit=abc", "400"},
        {"GET", "/registrations?limit=0", "400"},
        {"GET", "/registrations?limit=1000000", "400"},
        {"GET", "/registrations?limit=99999999999999999999", "400"},
        {"DELETE", "/registrations/not-an-aor", "400"},
        {"DELETE", "/registrations/nobody@example.com?contact=no-colon", "400"},
        {"DELETE", "/registrations/nobody@example.com?contact=%25zz:%25", "404"},
        {"DELETE", "/registrations/nobody@example.com", "404"},
        {"POST", "/registrations/alice@example.com", "405"},
    };
    for (String[] c : cases) {
      ManagementHttp.Answer a = http.send(c[0], c[1], null, TOKEN);
      assertEquals(Integer.parseInt(c[2]), a.status(), c[0] + " " + c[1] + ": " + a.body());
      assertFalse(a.error().isBlank(), a.body());
    }
  }

  /** An INVITE to {@code user}: the phone must get it and answers 486; the final answer. */
  private String callThrough(DatagramSocket phone, String user, String callId) throws Exception {
    try (SipProbe caller = new SipProbe(node.udp())) {
      caller.send(TestInvite.of("sip:" + user + "@example.com", callId).bytes(caller));
      byte[] buf = new byte[65536];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      String received;
      do {
        phone.receive(p); // a timeout fails the test: the INVITE never came
        received = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
      } while (!received.startsWith("INVITE "));
      byte[] busy = RegistrarFlowTest.answer(received, 486, "Busy Here").getBytes(StandardCharsets.UTF_8);
      phone.send(new DatagramPacket(busy, busy.length, p.getSocketAddress()));
      String answer = caller.finalAnswer(callId);
      assertNotNull(answer, "no final answer; skipped " + caller.skipped());
      return answer;
    }
  }
}
