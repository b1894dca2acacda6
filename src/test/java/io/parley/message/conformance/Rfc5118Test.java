package io.parley.message.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParseException;
import io.parley.message.header.Contact;
import io.parley.message.header.NameAddr;
import io.parley.message.header.Via;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RFC 5118 IPv6 torture messages: the Request-URI, Via, Contact, To and From values of each
 * parse or fail as its manifest says. The files are the archive's bytes (LF line ends); only
 * the value parsers are under test here, not framing.
 */
class Rfc5118Test {
  private static final String DIR = "conformance/rfc5118/";

  static byte[] resource(String name) {
    try (InputStream in = Rfc5118Test.class.getClassLoader().getResourceAsStream(DIR + name)) {
      assertNotNull(in, "missing test resource " + DIR + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> checksums() {
    Map<String, String> sums = new LinkedHashMap<>();
    for (String line : new String(resource("SHA256SUMS"), StandardCharsets.US_ASCII).split("\n")) {
      if (!line.isBlank()) {
        String[] parts = line.trim().split("\\s+\\*?", 2);
        sums.put(parts[1], parts[0]);
      }
    }
    return sums;
  }

  @BeforeAll
  static void bytesAreIntact() throws NoSuchAlgorithmException {
    Map<String, String> sums = checksums();
    assertEquals(12, sums.size());
    for (Map.Entry<String, String> e : sums.entrySet()) {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(resource(e.getKey()));
      assertEquals(e.getValue(), HexFormat.of().formatHex(digest), "checksum of " + e.getKey());
    }
  }

  static Stream<Arguments> manifest() {
    List<Arguments> rows = new ArrayList<>();
    String text = new String(resource("manifest.tsv"), StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      String[] cols = line.split("\t");
      if (cols.length >= 3 && !cols[0].equals("file")) {
        rows.add(Arguments.of(cols[0], cols[2]));
      }
    }
    return rows.stream();
  }

  @Test
  void manifestCoversEveryCheckedFile() {
    assertEquals(checksums().keySet().stream().sorted().toList(),
        manifest().map(a -> (String) a.get()[0]).sorted().toList());
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("manifest")
  void valuesParseAsTheManifestSays(String file, String expectation) {
    MessageLines m = MessageLines.of(resource(file));
    byte[] ruri = m.requestUri();
    if (expectation.equals("invalid")) {
      SipParseException e = assertThrows(SipParseException.class, () -> Uri.parse(ruri, 0, ruri.length));
      assertEquals(400, e.status());
    } else {
      assertTrue(Uri.parse(ruri, 0, ruri.length) instanceof SipUri, file);
    }
    for (byte[] v : m.values("Via", "v")) {
      Via.parseList(v, 0, v.length);
    }
    for (byte[] v : m.values("Contact", "m")) {
      Contact.parseList(v, 0, v.length);
    }
    for (byte[] v : m.values("To", "t")) {
      NameAddr.parse(v, 0, v.length);
    }
    for (byte[] v : m.values("From", "f")) {
      NameAddr.parse(v, 0, v.length);
    }
  }

  private static SipUri requestUri(String file) {
    byte[] ruri = MessageLines.of(resource(file)).requestUri();
    return SipUri.parse(ruri, 0, ruri.length);
  }

  private static List<Via> vias(String file) {
    List<Via> out = new ArrayList<>();
    for (byte[] v : MessageLines.of(resource(file)).values("Via", "v")) {
      out.addAll(Via.parseList(v, 0, v.length));
    }
    return out;
  }

  private static Contact contact(String file) {
    byte[] v = MessageLines.of(resource(file)).values("Contact", "m").get(0);
    return Contact.parse(v, 0, v.length);
  }

  @Test
  void ipv6Good() {
    assertEquals("[2001:db8::10]", requestUri("ipv6-good.dat").host());
    assertEquals("[2001:db8::9:1]", vias("ipv6-good.dat").get(0).host());
    assertEquals("[2001:db8::1]", contact("ipv6-good.dat").sipUri().host());
  }

  @Test
  void ipv6BadFailsOnItsRequestUri() {
    byte[] ruri = MessageLines.of(resource("ipv6-bad.dat")).requestUri();
    assertEquals("sip:2001:db8::10", new String(ruri, StandardCharsets.US_ASCII));
    assertThrows(SipParseException.class, () -> Uri.parse(ruri, 0, ruri.length));
    // The rest of the message is fine: only the Request-URI is at fault.
    assertEquals("[2001:db8::9:1]", vias("ipv6-bad.dat").get(0).host());
    assertEquals("[2001:db8::1]", contact("ipv6-bad.dat").sipUri().host());
  }

  @Test
  void portAmbiguity() {
    SipUri ambiguous = requestUri("port-ambiguous.dat");
    assertEquals("[2001:db8::10:5070]", ambiguous.host());
    assertEquals(-1, ambiguous.port());
    SipUri unambiguous = requestUri("port-unambiguous.dat");
    assertEquals("[2001:db8::10]", unambiguous.host());
    assertEquals(5070, unambiguous.port());
  }

  @Test
  void receivedWithAndWithoutBrackets() {
    Via with = vias("via-received-param-with-delim.dat").get(0);
    assertEquals("[2001:db8::9:255]", with.received());
    assertEquals("z9hG4bKas3-111", with.branch());
    Via without = vias("via-received-param-no-delim.dat").get(0);
    assertEquals("2001:db8::9:255", without.received());
    assertEquals("z9hG4bKas3", without.branch(), "parameters after the bare IPv6 address are read");
  }

  @Test
  void multipleAddressesInHeaders() {
    List<Via> v = vias("mult-ip-in-header.dat");
    assertEquals(3, v.size());
    assertEquals("[2001:db8::9:1]", v.get(0).host());
    assertEquals(6050, v.get(0).port());
    assertEquals("192.0.2.1", v.get(1).host());
    assertEquals(-1, v.get(1).port());
    assertTrue(v.get(2).isTransport("TCP"));
    assertEquals("[2001:db8::9:255]", v.get(2).host());
    assertEquals("192.0.2.200", v.get(2).received());
  }

  @Test
  void ipv4MappedAddresses() {
    List<Via> v = vias("ipv4-mapped-ipv6.dat");
    assertEquals("[::ffff:192.0.2.10]", v.get(0).host());
    assertEquals(19823, v.get(0).port());
    assertEquals("[::ffff:192.0.2.2]", v.get(1).host());
    Contact c = contact("ipv4-mapped-ipv6.dat");
    assertEquals("T. desk phone", c.nameAddr().displayName());
    assertEquals("[::ffff:192.0.2.2]", c.sipUri().host());
  }

  @Test
  void threeColonAbnfBugIsTolerated() {
    SipUri bug = requestUri("ipv6-bug-abnf-3-colons.dat");
    assertEquals("[2001:db8:::192.0.2.1]", bug.host());
    SipUri correct = requestUri("ipv6-correct-abnf-2-colons.dat");
    assertEquals("[2001:db8::192.0.2.1]", correct.host());
    assertFalse(bug.toString().equals(correct.toString()));
  }
}
