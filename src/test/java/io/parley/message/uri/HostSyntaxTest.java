package io.parley.message.uri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParseException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HostSyntaxTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static boolean ipv6(String s) {
    byte[] x = b(s);
    return HostSyntax.isIpv6(x, 0, x.length);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "::", "::1", "2001:db8::10", "2001:db8::10:5070", "1:2:3:4:5:6:7:8", "1::", "1:2:3:4:5:6:7::",
      "::ffff:192.0.2.1", "2001:db8::192.0.2.1", "2001:db8:::192.0.2.1", "1:2:3:4:5:6:1.2.3.4",
      "FE80::ABCD",
  })
  void acceptsIpv6(String s) {
    assertTrue(ipv6(s), s);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", ":", ":1", "1:", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "1:2:3:4:5:6:7:1.2.3.4",
      "::1.2.3", "::1.2.3.256", "1:::2", "1:2:3:4:5:6:7:8::",
  })
  void rejectsBadIpv6(String s) {
    assertFalse(ipv6(s), s);
  }

  @Test
  void ipv6OctetsNormalise() {
    byte[] a = b("2001:db8::1");
    byte[] c = b("2001:0DB8:0:0:0:0:0:1");
    assertArrayEquals(HostSyntax.ipv6Octets(a, 0, a.length), HostSyntax.ipv6Octets(c, 0, c.length));
    byte[] mapped = b("::ffff:192.0.2.1");
    byte[] octets = HostSyntax.ipv6Octets(mapped, 0, mapped.length);
    assertEquals((byte) 0xff, octets[10]);
    assertEquals((byte) 192, octets[12]);
    assertEquals(1, octets[15]);
    byte[] bug = b("2001:db8:::192.0.2.1");
    assertEquals(1, HostSyntax.ipv6Octets(bug, 0, bug.length)[15]);
    assertEquals((byte) 192, HostSyntax.ipv6Octets(bug, 0, bug.length)[12]);
    byte[] bad = b("1::2::3");
    assertNull(HostSyntax.ipv6Octets(bad, 0, bad.length));
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "a", "host-1.example.com.", "192.0.2.1", "0.0.0.0",
      "255.255.255.255", "_sip._udp.example.com", "3com.com", "a.b2"})
  void acceptsHostnamesAndIpv4(String s) {
    byte[] x = b(s);
    assertTrue(HostSyntax.isHostnameOrIpv4(x, 0, x.length), s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "a..b", "-a.com", "a-.com", "192.0.2.256", "1.2.3", "1.2.3.4.5",
      "example.123", "a b", ".a", "a.-b", "a-", "a.b-", "example.123.", "1.2.3.4.", "a..",
      "a-.", "0300.1.1.1", "1.2.3.04x.5"})
  void rejectsBadHostnames(String s) {
    byte[] x = b(s);
    assertFalse(HostSyntax.isHostnameOrIpv4(x, 0, x.length), s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a--b.com", "x.y-z", "example.com.", "1a", "a.1b", "010.002.003.004"})
  void acceptsTheLabelRulesEdges(String s) {
    byte[] x = b(s);
    assertTrue(HostSyntax.isHostnameOrIpv4(x, 0, x.length), s);
  }

  @Test
  void scanHostStopsAtTheFirstOctetThatCannotContinueTheHost() {
    byte[] x = b("<sip:u@pc33.atlanta.example.com:5060;x>");
    assertEquals(31, HostSyntax.scanHost(x, 7, x.length, "x"));
    byte[] ip = b("192.0.2.4;branch");
    assertEquals(9, HostSyntax.scanHost(ip, 0, ip.length, "x"));
    byte[] cut = b("example.com.evil");
    assertEquals(7, HostSyntax.scanHost(cut, 0, 7, "x"));
    assertEquals(8, HostSyntax.scanHost(cut, 0, 8, "x"));
    byte[] numeric = b("example.123.4x");
    SipParseException e = assertThrows(SipParseException.class,
        () -> HostSyntax.scanHost(numeric, 0, 11, "Via"));
    assertEquals("bad Via: bad host", e.reason());
    assertEquals(14, HostSyntax.scanHost(numeric, 0, 14, "x"));
  }
}
