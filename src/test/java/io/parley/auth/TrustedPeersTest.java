package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link TrustedPeers}: its precomputed set against a plain scan, reloads, and the configured list. */
class TrustedPeersTest {

  private static InetAddress ip(String s) {
    return IpNetwork.parseAddress(s);
  }

  private static TrustedPeer peer(String network) {
    return new TrustedPeer(IpNetwork.parse(network), "", TrustedPeer.Source.CONFIGURATION);
  }

  @Test
  void matchesV4AndV6NetworksOfEveryLength() {
    TrustedPeers peers = TrustedPeers.of(List.of(peer("10.0.0.0/8"), peer("192.0.2.7"), peer("198.51.100.64/26"),
        peer("2001:db8::/32"), peer("2001:db8:ffff::1"), peer("fc00::/7"), peer("::1")));
    assertTrue(peers.isTrusted(ip("10.255.255.255")));
    assertTrue(peers.isTrusted(ip("192.0.2.7")));
    assertFalse(peers.isTrusted(ip("192.0.2.8")));
    assertTrue(peers.isTrusted(ip("198.51.100.127")));
    assertFalse(peers.isTrusted(ip("198.51.100.128")));
    assertFalse(peers.isTrusted(ip("198.51.100.63")));
    assertFalse(peers.isTrusted(ip("11.0.0.1")));
    assertTrue(peers.isTrusted(ip("2001:db8:1234::5")));
    assertFalse(peers.isTrusted(ip("2001:db9::1")));
    assertTrue(peers.isTrusted(ip("fdff::1")));
    assertTrue(peers.isTrusted(ip("fc00::1")));
    assertFalse(peers.isTrusted(ip("fe00::1")));
    assertTrue(peers.isTrusted(ip("::1")));
    assertFalse(peers.isTrusted(ip("::2")));
    assertFalse(peers.isTrusted(ip("127.0.0.1")));
  }

  @Test
  void emptyTrustsNobodyAndZeroPrefixTrustsEveryoneOfItsFamily() {
    assertFalse(TrustedPeers.of(List.of()).isTrusted(ip("127.0.0.1")));
    TrustedPeers all4 = TrustedPeers.of(List.of(peer("0.0.0.0/0")));
    assertTrue(all4.isTrusted(ip("203.0.113.1")));
    assertFalse(all4.isTrusted(ip("2001:db8::1")));
    TrustedPeers all6 = TrustedPeers.of(List.of(peer("::/0")));
    assertTrue(all6.isTrusted(ip("2001:db8::1")));
    assertFalse(all6.isTrusted(ip("203.0.113.1")));
  }

  @Test
  void agreesWithAPlainScanOnRandomNetworks() throws Exception {
    Random random = new Random(42);
    List<TrustedPeer> list = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[i % 2 == 0 ? 4 : 16];
      random.nextBytes(b);
      int prefix = random.nextInt(b.length * 8 + 1);
      list.add(new TrustedPeer(new IpNetwork(IpNetwork.masked(b, prefix), prefix), "", TrustedPeer.Source.DATABASE));
    }
    TrustedPeers peers = TrustedPeers.of(list);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[i % 2 == 0 ? 4 : 16];
      random.nextBytes(b);
      if (i % 3 == 0) {
        // near a listed network, so that hits are frequent
        byte[] n = list.get(random.nextInt(list.size())).network().address();
        if (n.length == b.length) {
          System.arraycopy(n, 0, b, 0, b.length / 2);
        }
      }
      InetAddress a = InetAddress.getByAddress(b);
      boolean expected = list.stream().anyMatch(p -> p.network().contains(a));
      assertEquals(expected, peers.isTrusted(a), a.toString());
    }
  }

  @Test
  void reloadSwapsTheTableEntriesAndAConfiguredOneShadowsARow() {
    List<TrustedPeer> table = new CopyOnWriteArrayList<>();
    TrustedPeers peers = new TrustedPeers(List.of(peer("192.0.2.0/24")), () -> table);
    table.add(new TrustedPeer(IpNetwork.parse("203.0.113.5"), "gw1", TrustedPeer.Source.DATABASE));
    table.add(new TrustedPeer(IpNetwork.parse("192.0.2.0/24"), "dup", TrustedPeer.Source.DATABASE));
    assertFalse(peers.isTrusted(ip("203.0.113.5")), "not before the reload");
    peers.reload();
    assertTrue(peers.isTrusted(ip("203.0.113.5")));
    assertEquals(List.of("192.0.2.0/24 configuration", "203.0.113.5/32 database"),
        peers.list().stream().map(p -> p.network() + " " + p.source().json()).toList());
    table.clear();
    peers.reload();
    assertFalse(peers.isTrusted(ip("203.0.113.5")));
    assertTrue(peers.isTrusted(ip("192.0.2.1")));
  }

  @Test
  void theTableRoundTripsOnH2() {
    TrustedPeerRepository repository = new TrustedPeerRepository(TestDatabase.migrated(), Clock.systemUTC());
    assertTrue(repository.add(IpNetwork.parse("2001:db8::/32"), "peers"));
    assertTrue(repository.add(IpNetwork.parse("192.0.2.7"), ""));
    assertFalse(repository.add(IpNetwork.parse("2001:0DB8::/32"), "again"), "the same network");
    TrustedPeers peers = new TrustedPeers(List.of(), repository::list);
    peers.reload();
    assertTrue(peers.isTrusted(ip("2001:db8::99")));
    assertEquals(List.of("192.0.2.7/32", "2001:db8::/32"), peers.list().stream().map(p -> p.network().toString()).toList());
    assertEquals("peers", peers.list().get(1).description());
    assertTrue(repository.remove(IpNetwork.parse("2001:db8::/32")));
    assertFalse(repository.remove(IpNetwork.parse("2001:db8::/32")));
    peers.reload();
    assertFalse(peers.isTrusted(ip("2001:db8::99")));
  }

  @Test
  void theConfiguredListTakesStringsAndObjects() {
    TrustedPeerSettings s = TrustedPeerSettings.from(ConfigFactory.parseString("""
        parley.trusted-peers = ["192.0.2.0/24", { network = "2001:db8::10", description = "gw1" }]
        """));
    assertEquals(List.of("192.0.2.0/24", "2001:db8::10/128"), s.peers().stream().map(p -> p.network().toString()).toList());
    assertEquals("gw1", s.peers().get(1).description());
  }

  @Test
  void aBadConfiguredEntryNamesTheKey() {
    String[][] cases = {
        {"[\"gw.example.com\"]", "parley.trusted-peers[0]"},
        {"[\"192.0.2.0/24\", \"192.0.2.1/24\"]", "parley.trusted-peers[1]"},
        {"[\"192.0.2.0/24\", \"192.0.2.0/24\"]", "listed twice"},
        {"[{ description = \"x\" }]", "'network' is required"},
        {"[{ network = \"192.0.2.1\", tag = \"x\" }]", "unknown field 'tag'"},
        {"[7]", "parley.trusted-peers[0]"},
        {"\"192.0.2.1\"", "parley.trusted-peers"},
    };
    for (String[] c : cases) {
      var e = assertThrows(ConfigException.class,
          () -> TrustedPeerSettings.from(ConfigFactory.parseString("parley.trusted-peers = " + c[0])), c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + " → " + e.getMessage());
    }
  }
}
