package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.auth.FloodGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Flood protection on a running node, over real UDP: a source that sends more OPTIONS than
 * {@code parley.flood.max-requests} in a window is banned (its requests go unanswered), the ban
 * shows in {@code GET /bans} and {@code DELETE /bans/{address}} lifts it, while another source
 * (a socket bound to 127.0.0.2) is answered throughout; a trusted source is never banned.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FloodNodeTest {
  private static final int LIMIT = 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private TestNode node;
  private String base;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.flood { max-requests = %d, window = 2s, ban-time = 60s }
        """.formatted(LIMIT));
    base = node.node.managementUri().toString().replaceAll("/$", "");
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code count} OPTIONS at once, then counts the 200s that come back. */
  private static int flood(SipProbe probe, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      probe.send(probe.options(70).getBytes(StandardCharsets.UTF_8));
    }
    probe.timeout(1000);
    int answered = 0;
    for (String m; (m = probe.receive()) != null; ) {
      if (SipProbe.status(m) == 200) {
        answered++;
      }
    }
    return answered;
  }

  private static boolean answers(SipProbe probe) throws IOException {
    probe.timeout(2000);
    probe.send(probe.options(70).getBytes(StandardCharsets.UTF_8));
    String answer = probe.receive();
    return answer != null && SipProbe.status(answer) == 200;
  }

  @Test
  void aFloodIsBannedUntilTheBanIsLiftedWhileAnotherSourceIsAnswered() throws Exception {
    send("DELETE", "/bans/127.0.0.1", null); // whatever an earlier test left
    try (SipProbe attacker = new SipProbe(node.udp());
        SipProbe other = new SipProbe(node.udp(), InetAddress.getByName("127.0.0.2"))) {
      assertTrue(answers(other));
      long droppedBefore = node.node.floodGuard().stats().dropped();

      int answered = flood(attacker, 3 * LIMIT);
      assertTrue(answered >= LIMIT - 1 && answered <= LIMIT + 1, "answered " + answered + " of " + 3 * LIMIT);
      assertTrue(!answers(attacker), "banned: no answer");
      assertTrue(answers(other), "the other source is answered during the ban");

      HttpResponse<String> bans = send("GET", "/bans", null);
      assertEquals(200, bans.statusCode(), bans.body());
      JsonNode list = JSON.readTree(bans.body()).get("bans");
      assertEquals(1, list.size(), bans.body());
      assertEquals("127.0.0.1", list.get(0).get("address").asText());
      assertEquals(LIMIT + 1, list.get(0).get("requests").asInt(), bans.body());
      FloodGuard.Stats stats = node.node.floodGuard().stats();
      assertTrue(stats.dropped() - droppedBefore >= 2 * LIMIT - 1, stats.toString());
      assertEquals(1, stats.bansStarted(), stats.toString());

      HttpResponse<String> lifted = send("DELETE", "/bans/127.0.0.1", null);
      assertEquals(204, lifted.statusCode(), lifted.body());
      assertTrue(answers(attacker), "answered again once the ban is lifted");
      assertEquals("{\"bans\":[]}", send("GET", "/bans", null).body());
      HttpResponse<String> again = send("DELETE", "/bans/127.0.0.1", null);
      assertEquals(404, again.statusCode(), again.body());
      assertTrue(answers(other));
      assertNull(other.receive(), "nothing more came to the other source");
    }
  }

  @Test
  void aTrustedSourceIsNeverBanned() throws Exception {
    send("DELETE", "/bans/127.0.0.1", null);
    HttpResponse<String> trusted = send("POST", "/trusted-peers", "{\"network\":\"127.0.0.1/32\",\"description\":\"test\"}");
    assertEquals(201, trusted.statusCode(), trusted.body());
    try (SipProbe peer = new SipProbe(node.udp())) {
      assertEquals(5 * LIMIT, flood(peer, 5 * LIMIT), "every request answered");
      assertEquals("{\"bans\":[]}", send("GET", "/bans", null).body());
    } finally {
      assertEquals(204, send("DELETE", "/trusted-peers/127.0.0.1%2F32", null).statusCode());
    }
  }
}
