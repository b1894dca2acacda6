package io.parley.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.parley.message.header.Via;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each test of parley.nat.detect alone, the default set, and its configuration (nathelper's nat_uac_test). */
class NatDetectionTest {
  private static final InetSocketAddress SOURCE = new InetSocketAddress("127.0.0.1", 40000);

  private static NatDetection only(NatTest t) {
    return new NatDetection(EnumSet.of(t));
  }

  private static Via via(String sentBy) {
    return Via.parse("SIP/2.0/UDP " + sentBy + ";branch=z9hG4bK-1;rport");
  }

  @Test
  void viaAddressComparesTheSentByHostWithTheSource() {
    NatDetection d = only(NatTest.VIA_ADDRESS);
    assertFalse(d.behindNat(SOURCE, via("127.0.0.1:40000"), null));
    assertFalse(d.behindNat(SOURCE, via("127.0.0.1:5060"), null), "the port is another test's");
    assertTrue(d.behindNat(SOURCE, via("127.0.0.9:40000"), null));
    assertTrue(d.behindNat(SOURCE, via("phone.example.com:40000"), null), "a name is not the source (no DNS)");
  }

  @Test
  void viaAddressReadsIpv6Literals() {
    InetSocketAddress v6 = new InetSocketAddress("::1", 40000);
    NatDetection d = only(NatTest.VIA_ADDRESS);
    assertFalse(d.behindNat(v6, via("[::1]:40000"), null));
    assertFalse(d.behindNat(v6, via("[0:0:0:0:0:0:0:1]:40000"), null));
    assertTrue(d.behindNat(v6, via("[::2]:40000"), null));
    assertTrue(d.behindNat(SOURCE, via("[::1]:40000"), null), "IPv6 in Via, IPv4 source");
  }

  @Test
  void viaPortComparesTheSentByPortWith5060ForNone() {
    NatDetection d = only(NatTest.VIA_PORT);
    assertFalse(d.behindNat(SOURCE, via("127.0.0.9:40000"), null), "the address is another test's");
    assertTrue(d.behindNat(SOURCE, via("127.0.0.1:40001"), null));
    assertTrue(d.behindNat(SOURCE, via("127.0.0.1"), null), "no port: 5060");
    assertFalse(d.behindNat(new InetSocketAddress("127.0.0.1", 5060), via("127.0.0.1"), null));
  }

  @Test
  void privateViaAndPrivateContactLookAtTheAddressesNamed() {
    assertTrue(only(NatTest.PRIVATE_VIA).behindNat(SOURCE, via("192.168.1.2:40000"), null));
    assertFalse(only(NatTest.PRIVATE_VIA).behindNat(SOURCE, via("127.0.0.1:40000"), "192.168.1.2"));
    assertTrue(only(NatTest.PRIVATE_CONTACT).behindNat(SOURCE, via("127.0.0.1:40000"), "100.64.1.2"));
    assertFalse(only(NatTest.PRIVATE_CONTACT).behindNat(SOURCE, via("10.1.1.1:40000"), "127.0.0.2"));
    assertFalse(only(NatTest.PRIVATE_CONTACT).behindNat(SOURCE, via("127.0.0.1:40000"), null));
  }

  @Test
  void contactAddressIsTheRuleThatBreaksThirdPartyRegistration() {
    NatDetection d = only(NatTest.CONTACT_ADDRESS);
    assertTrue(d.behindNat(SOURCE, via("127.0.0.1:40000"), "127.0.0.2"));
    assertFalse(d.behindNat(SOURCE, via("127.0.0.1:40000"), "127.0.0.1"));
  }

  @Test
  void theDefaultIsNatUacTest19() {
    assertEquals(Set.of(NatTest.PRIVATE_CONTACT, NatTest.VIA_ADDRESS, NatTest.VIA_PORT), NatDetection.DEFAULT.tests());
    // RFC 3261 §10.2 third-party registration from a UA that is not behind a NAT
    assertFalse(NatDetection.DEFAULT.behindNat(SOURCE, via("127.0.0.1:40000"), "127.0.0.2"));
    // a phone behind a home router: its Via holds the inside port
    assertTrue(NatDetection.DEFAULT.behindNat(SOURCE, via("127.0.0.1:5060"), "127.0.0.1"));
    assertTrue(NatDetection.DEFAULT.readsContact());
    assertFalse(only(NatTest.VIA_PORT).readsContact());
  }

  @Test
  void noTestsMeansNoNat() {
    NatDetection none = new NatDetection(Set.of());
    assertFalse(none.behindNat(SOURCE, via("192.168.1.1:5060"), "10.0.0.1"));
    assertTrue(none.tests().isEmpty());
  }

  @Test
  void theReferenceConfigurationIsTheDefault() {
    assertEquals(NatDetection.DEFAULT.tests(), NatDetection.from(ConfigFactory.load()).tests());
  }

  @Test
  void configurationNamesTestsAndAnUnknownOneNamesTheKey() {
    NatDetection d = NatDetection.from(ConfigFactory.parseString("parley.nat.detect = [private-via, contact-address]"));
    assertEquals(Set.of(NatTest.PRIVATE_VIA, NatTest.CONTACT_ADDRESS), d.tests());
    var e = assertThrows(ConfigException.class,
        () -> NatDetection.from(ConfigFactory.parseString("parley.nat.detect = [via-adress]")));
    assertTrue(e.getMessage().contains("parley.nat.detect") && e.getMessage().contains("via-address"), e.getMessage());
    var notList = assertThrows(ConfigException.class,
        () -> NatDetection.from(ConfigFactory.parseString("parley.nat.detect = 19")));
    assertTrue(notList.getMessage().contains("parley.nat.detect"), notList.getMessage());
  }
}
