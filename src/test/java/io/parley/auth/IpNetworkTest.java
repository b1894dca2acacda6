package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** CIDR text in and out (RFC 4632 §3.1, RFC 4291 §2.3, RFC 5952 §4), without DNS. */
class IpNetworkTest {

  private static InetAddress ip(String s) {
    return IpNetwork.parseAddress(s);
  }

  @Test
  void readsNetworksAndSingleAddressesInCanonicalForm() {
    assertEquals("192.0.2.0/24", IpNetwork.parse("192.0.2.0/24").toString());
    assertEquals("192.0.2.7/32", IpNetwork.parse("192.0.2.7").toString());
    assertEquals("0.0.0.0/0", IpNetwork.parse("0.0.0.0/0").toString());
    assertEquals("2001:db8::/32", IpNetwork.parse("2001:DB8:0:0::/32").toString());
    assertEquals("2001:db8::1/128", IpNetwork.parse("[2001:db8::1]").toString());
    assertEquals("::/0", IpNetwork.parse("::/0").toString());
    assertEquals("::1/128", IpNetwork.parse("::1").toString());
    assertEquals("2001:db8:0:1:1:1:1:1/128", IpNetwork.parse("2001:db8:0:1:1:1:1:1").toString());
    // RFC 5952 §4.2.3: the first of two equal runs of zeros is the one shortened
    assertEquals("2001:db8::1:0:0:1/128", IpNetwork.parse("2001:db8:0:0:1:0:0:1").toString());
    assertEquals("192.0.2.1/32", IpNetwork.parse("::ffff:192.0.2.1").toString(), "IPv4-mapped is IPv4");
    assertEquals(IpNetwork.parse("2001:db8::/32"), IpNetwork.parse("2001:0db8::/32"));
  }

  @Test
  void containsByPrefix() {
    IpNetwork n = IpNetwork.parse("192.0.2.0/25");
    assertTrue(n.contains(ip("192.0.2.0")));
    assertTrue(n.contains(ip("192.0.2.127")));
    assertFalse(n.contains(ip("192.0.2.128")));
    assertFalse(n.contains(ip("2001:db8::1")));
    assertTrue(IpNetwork.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
    IpNetwork v6 = IpNetwork.parse("2001:db8:8000::/33");
    assertTrue(v6.contains(ip("2001:db8:ffff::1")));
    assertFalse(v6.contains(ip("2001:db8:7fff::1")));
    assertFalse(v6.contains(ip("192.0.2.1")));
  }

  @Test
  void badInputIsRefusedWithAClearMessage() {
    String[][] cases = {
        {"", "a network is required"},
        {"gw1.example.com", "host names are not accepted"},
        {"localhost", "host names are not accepted"},
        {"192.0.2", "not an IPv4 or IPv6 address"},
        {"192.0.2.256", "not an IPv4 or IPv6 address"},
        {"192.0.2.010", "not an IPv4 or IPv6 address"},
        {"192.0.2.0/33", "prefix length must be a number from 0 to 32"},
        {"192.0.2.0/", "prefix length"},
        {"192.0.2.0/-1", "prefix length"},
        {"192.0.2.0/08", "prefix length"},
        {"2001:db8::/129", "from 0 to 128"},
        {"192.0.2.1/24", "did you mean 192.0.2.0/24?"},
        {"2001:db8::1/32", "did you mean 2001:db8::/32?"},
        {"fe80::1%eth0", "not an IPv4 or IPv6 address"},
        {"2001:db8:::1", "not an IPv4 or IPv6 address"},
        {"1:2:3:4:5:6:7:8:9", "not an IPv4 or IPv6 address"},
    };
    for (String[] c : cases) {
      var e = assertThrows(IllegalArgumentException.class, () -> IpNetwork.parse(c[0]), c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + " → " + e.getMessage());
    }
    var e = assertThrows(IllegalArgumentException.class, () -> IpNetwork.parseAddress("example.com"));
    assertTrue(e.getMessage().contains("is not an IPv4 or IPv6 address"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> IpNetwork.parseAddress("192.0.2.0/24"));
  }
}
