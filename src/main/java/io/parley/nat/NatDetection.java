package io.parley.nat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.parley.message.header.Via;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Whether the sender of a request sits behind a NAT ({@code parley.nat.detect}): behind one when
 * any of the configured {@link NatTest}s says so. The default, {@code [private-contact,
 * via-address, via-port]}, is nathelper's {@code nat_uac_test("19")}, the test of Kamailio's
 * default configuration. A UA behind a NAT is reached at the address and port its request came
 * from (RFC 3581 §4, RFC 5626 §5.3); any other at its Contact (RFC 3261 §16.6). Thread-safe
 * (immutable).
 *
 * @param tests the tests on
 */
public record NatDetection(Set<NatTest> tests) {
  public static final String KEY = "parley.nat.detect";

  /** nat_uac_test("19"): a private Contact, a Via address or a Via port other than the source. */
  public static final NatDetection DEFAULT =
      new NatDetection(EnumSet.of(NatTest.PRIVATE_CONTACT, NatTest.VIA_ADDRESS, NatTest.VIA_PORT));

  /** RFC 3261 §18.2.2: a Via without a port means 5060 (Kamailio's test 16 reads it so, over TCP too). */
  private static final int SIP_PORT = 5060;

  public NatDetection {
    EnumSet<NatTest> copy = EnumSet.noneOf(NatTest.class);
    copy.addAll(tests);
    tests = Collections.unmodifiableSet(copy);
  }

  /** {@code parley.nat.detect}: a list of test names; an unknown name stops the start, naming the key. */
  public static NatDetection from(Config config) {
    List<String> names = config.getStringList(KEY);
    EnumSet<NatTest> tests = EnumSet.noneOf(NatTest.class);
    for (String name : names) {
      NatTest t = NatTest.byConfigName(name);
      if (t == null) {
        StringBuilder known = new StringBuilder();
        for (NatTest k : NatTest.values()) {
          known.append(known.isEmpty() ? "" : ", ").append(k.configName());
        }
        throw new ConfigException.BadValue(KEY, "unknown test '" + name + "'; the tests are " + known);
      }
      tests.add(t);
    }
    return new NatDetection(tests);
  }

  /** Whether a test needs the Contact's host (the caller may then skip parsing it). */
  public boolean readsContact() {
    return tests.contains(NatTest.PRIVATE_CONTACT) || tests.contains(NatTest.CONTACT_ADDRESS);
  }

  /**
   * Whether the sender of a request is behind a NAT.
   *
   * @param source where the request came from
   * @param topVia the request's top Via, as the sender wrote it
   * @param contactHost the host of its Contact URI, or null (none, or not a SIP URI)
   */
  public boolean behindNat(InetSocketAddress source, Via topVia, String contactHost) {
    for (NatTest t : tests) {
      boolean says = switch (t) {
        case PRIVATE_CONTACT -> PrivateAddresses.isPrivate(contactHost);
        case VIA_ADDRESS -> topVia != null && !sameAddress(topVia.host(), source.getAddress());
        case PRIVATE_VIA -> topVia != null && PrivateAddresses.isPrivate(topVia.host());
        case VIA_PORT -> topVia != null && (topVia.port() > 0 ? topVia.port() : SIP_PORT) != source.getPort();
        case CONTACT_ADDRESS -> contactHost != null && !sameAddress(contactHost, source.getAddress());
      };
      if (says) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code host}, an address literal, is {@code address}. A host name is not (nathelper
   * compares it as text, no DNS): a UA that puts a name in its Via is taken to be behind a NAT
   * and answered at its source, where a symmetric UA listens (RFC 3581).
   */
  static boolean sameAddress(String host, InetAddress address) {
    if (host.indexOf(':') < 0) {
      int[] o = PrivateAddresses.ipv4(host);
      if (o == null || !(address instanceof Inet4Address)) {
        return false;
      }
      byte[] a = address.getAddress();
      return (a[0] & 0xFF) == o[0] && (a[1] & 0xFF) == o[1] && (a[2] & 0xFF) == o[2] && (a[3] & 0xFF) == o[3];
    }
    String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (literal.isEmpty() || !isHexOrColon(literal)) {
      return false;
    }
    try {
      return InetAddress.getByName(literal).equals(address); // an IPv6 literal: parsed, never looked up
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isHexOrColon(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
