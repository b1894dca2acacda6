package io.parley.message;

import static io.parley.message.MessageAssertions.assertSameMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 5118 IPv6 torture messages. The archived files use bare LF line ends, two lack the empty
 * line, and two declare a Content-Length longer than their body: as archived they test LF
 * tolerance and Content-Length checking. {@link #onTheWire} derives the message as it would
 * travel (CRLF, closed header section, true Content-Length), which must always frame.
 * Whether an IPv6 reference is well-formed (4.2 {@code ipv6-bad}) is the URI parser's call.
 */
class Rfc5118Test {
  private static final String SET = "rfc5118";

  /** file → the status the framing parser fails the archived bytes with, or 0 if they parse. */
  static final Map<String, Integer> ARCHIVED = new LinkedHashMap<>();

  static {
    for (String f : new String[] {"ipv6-good", "ipv6-bad", "port-ambiguous", "port-unambiguous",
        "via-received-param-with-delim", "via-received-param-no-delim", "mult-ip-in-header",
        "ipv4-mapped-ipv6", "ipv6-bug-abnf-3-colons", "ipv6-correct-abnf-2-colons"}) {
      ARCHIVED.put(f + ".dat", 0);
    }
    ARCHIVED.put("ipv6-in-sdp.dat", 400); // Content-Length 268, body 242
    ARCHIVED.put("mult-ip-in-sdp.dat", 400); // Content-Length 181, body 180
  }

  static Stream<String> files() {
    return ARCHIVED.keySet().stream();
  }

  @Test
  void checksumsMatchTheCopiedBytes() {
    Map<String, String> sums = Vectors.checksums(SET);
    assertEquals(12, sums.size());
    sums.forEach((file, sum) -> assertEquals(sum, Vectors.sha256(Vectors.bytes(SET, file)), file));
  }

  @Test
  void tableCoversTheManifest() {
    Set<String> listed = new TreeSet<>();
    Vectors.manifest(SET).forEach(r -> listed.add(r[0]));
    assertEquals(listed, new TreeSet<>(ARCHIVED.keySet()));
  }

  @ParameterizedTest
  @MethodSource("files")
  void archivedBytesFrameAsTheTableSays(String file) {
    byte[] b = Vectors.bytes(SET, file);
    int expected = ARCHIVED.get(file);
    if (expected == 0) {
      SipMessage m = SipParser.parse(b);
      assertTrue(m.headerCount() >= 6, file);
      assertTrue(m.count(HeaderName.VIA) >= 1, file);
    } else {
      assertEquals(expected, assertThrows(SipParseException.class, () -> SipParser.parse(b)).status());
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void theDerivedWireMessageFramesAndRoundTrips(String file) {
    byte[] wire = onTheWire(Vectors.bytes(SET, file));
    SipMessage m = SipParser.parse(wire);
    assertEquals(m.contentLength(), m.bodyLength(), file);
    assertEquals(wire.length, m.messageEnd(), file);
    assertSameMessage(m, SipParser.parse(m.toBytes()), file);
  }

  /** CRLF line ends, an empty line closing the headers, Content-Length the body's true size. */
  static byte[] onTheWire(byte[] archived) {
    String text = new String(archived, StandardCharsets.ISO_8859_1);
    int split = text.indexOf("\n\n");
    String head = split < 0 ? text.stripTrailing() : text.substring(0, split);
    String body = split < 0 ? "" : text.substring(split + 2).replace("\n", "\r\n");
    StringBuilder sb = new StringBuilder();
    for (String line : head.split("\n")) {
      if (!line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        sb.append(line).append("\r\n");
      }
    }
    sb.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
