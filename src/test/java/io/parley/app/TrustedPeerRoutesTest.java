package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.app.ManagementHttp.Answer;
import io.parley.auth.IpNetwork;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The trusted-peer and ban routes of a running node, over real HTTP on its management port: a
 * peer added is trusted at once by the node's {@code TrustedPeers}, one removed no longer; the
 * configured ones are listed but cannot be changed; bad input is 400 with a message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustedPeerRoutesTest {
  private ManagementHttp http;
  private TestNode node;

  @BeforeAll
  void start() {
    node = TestNode.start("""
        parley.trusted-peers = ["192.0.2.0/24", { network = "2001:db8::10", description = "gw-v6" }]
        """);
    http = new ManagementHttp(node);
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private List<String> listed() throws Exception {
    Answer list = http.send("GET", "/trusted-peers", null);
    assertEquals(200, list.status(), list.body());
    List<String> peers = new ArrayList<>();
    list.json().get("trusted_peers").forEach(p -> peers.add(p.get("network").asText() + "/" + p.get("source").asText()
        + "/" + p.get("description").asText()));
    return peers;
  }

  private boolean trusted(String address) {
    return node.node.trustedPeers().isTrusted(IpNetwork.parseAddress(address));
  }

  @Test
  void aPeerAddedIsTrustedAtOnceAndARemovedOneNoLonger() throws Exception {
    assertFalse(trusted("198.51.100.9"));
    Answer added = http.send("POST", "/trusted-peers", "{\"network\":\"198.51.100.0/28\",\"description\":\"gw1\"}");
    assertEquals(201, added.status(), added.body());
    assertEquals("{\"network\":\"198.51.100.0/28\",\"description\":\"gw1\",\"source\":\"database\"}",
        added.json().toString());
    assertTrue(trusted("198.51.100.9"));
    assertFalse(trusted("198.51.100.16"));
    assertEquals(List.of("192.0.2.0/24/configuration/", "198.51.100.0/28/database/gw1",
        "2001:db8::10/128/configuration/gw-v6"), listed());

    Answer removed = http.send("DELETE", "/trusted-peers/198.51.100.0%2F28", null);
    assertEquals(204, removed.status(), removed.body());
    assertFalse(trusted("198.51.100.9"));
    assertFalse(listed().contains("198.51.100.0/28/database/gw1"));
  }

  @Test
  void anAddressAndAnIpv6NetworkAreStoredCanonicallyAndRemovedHoweverWritten() throws Exception {
    Answer single = http.send("POST", "/trusted-peers", "{\"network\":\"203.0.113.7\"}");
    assertEquals(201, single.status(), single.body());
    assertEquals("203.0.113.7/32", single.json().get("network").asText());
    assertEquals("", single.json().get("description").asText());
    Answer v6 = http.send("POST", "/trusted-peers", "{\"network\":\"2001:DB8:0:1::/64\"}");
    assertEquals(201, v6.status(), v6.body());
    assertEquals("2001:db8:0:1::/64", v6.json().get("network").asText());
    assertTrue(trusted("2001:db8:0:1::abcd"));

    Answer twice = http.send("POST", "/trusted-peers", "{\"network\":\"2001:db8:0:1:0::/64\"}");
    assertEquals(409, twice.status(), twice.body());
    assertTrue(twice.error().contains("2001:db8:0:1::/64 exists"), twice.body());

    // the slash unencoded, and the address alone for a /32
    assertEquals(204, http.send("DELETE", "/trusted-peers/2001:db8:0:1:0:0:0:0/64", null).status());
    assertEquals(204, http.send("DELETE", "/trusted-peers/203.0.113.7", null).status());
    assertFalse(trusted("2001:db8:0:1::abcd"));
    assertFalse(trusted("203.0.113.7"));
  }

  @Test
  void configuredPeersCannotBeAddedTwiceNorRemoved() throws Exception {
    Answer again = http.send("POST", "/trusted-peers", "{\"network\":\"192.0.2.0/24\"}");
    assertEquals(409, again.status(), again.body());
    assertTrue(again.error().contains("parley.trusted-peers"), again.body());
    Answer remove = http.send("DELETE", "/trusted-peers/2001:db8::10", null);
    assertEquals(409, remove.status(), remove.body());
    assertTrue(remove.error().contains("comes from parley.trusted-peers"), remove.body());
    assertTrue(trusted("2001:db8::10"));

    Answer unknown = http.send("DELETE", "/trusted-peers/198.51.100.200", null);
    assertEquals(404, unknown.status(), unknown.body());
    assertTrue(unknown.error().contains("no trusted peer 198.51.100.200/32"), unknown.body());
    Answer bad = http.send("DELETE", "/trusted-peers/gw.example.com", null);
    assertEquals(400, bad.status(), bad.body());
  }

  @Test
  void badBodiesAre400WithAMessage() throws Exception {
    String[][] cases = {
        {"{not json", "not JSON"},
        {"", "empty"},
        {"{}", "'network' is required"},
        {"{\"network\":7}", "'network' is required"},
        {"{\"network\":\"198.51.100.1\",\"tag\":\"x\"}", "unknown field 'tag'"},
        {"{\"network\":\"198.51.100.1\",\"description\":5}", "'description' must be a string"},
        {"{\"network\":\"198.51.100.1\",\"description\":\"a\\nb\"}", "control characters"},
        {"{\"network\":\"gw.example.com\"}", "host names are not accepted"},
        {"{\"network\":\"198.51.100.1/24\"}", "did you mean 198.51.100.0/24?"},
        {"{\"network\":\"198.51.100.0/40\"}", "from 0 to 32"},
    };
    for (String[] c : cases) {
      Answer a = http.send("POST", "/trusted-peers", c[0]);
      assertEquals(400, a.status(), c[0] + " → " + a.body());
      assertTrue(a.error().contains(c[1]), c[0] + " → " + a.body());
    }
    assertFalse(listed().stream().anyMatch(p -> p.startsWith("198.51.100.")), listed().toString());
  }

  @Test
  void bansAreListedAndLifted() throws Exception {
    assertEquals("{\"bans\":[]}", http.send("GET", "/bans", null).body());
    // a ban made without sockets: the guard's own entry point, for an address no test sends from
    var guard = node.node.floodGuard();
    var source = IpNetwork.parseAddress("2001:db8:99::1");
    while (guard.admit(source)) {
      // count until banned
    }
    Answer bans = http.send("GET", "/bans", null);
    assertEquals(200, bans.status());
    JsonNode ban = bans.json().get("bans").get(0);
    assertEquals("2001:db8:99::1", ban.get("address").asText());
    assertEquals(201, ban.get("requests").asInt());
    assertTrue(ban.get("until").asText().compareTo(ban.get("since").asText()) > 0, bans.body());

    assertEquals(400, http.send("DELETE", "/bans/not-an-address", null).status());
    assertEquals(404, http.send("DELETE", "/bans/2001:db8:99::2", null).status());
    assertEquals(204, http.send("DELETE", "/bans/%5B2001:db8:99:0::1%5D", null).status());
    assertEquals("{\"bans\":[]}", http.send("GET", "/bans", null).body());
  }
}
