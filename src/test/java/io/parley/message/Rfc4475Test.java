package io.parley.message;

import static io.parley.message.MessageAssertions.assertSameMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.parley.message.header.CSeq;
import io.parley.message.header.Expires;
import io.parley.message.header.MaxForwards;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 4475 torture messages against the framing parser.
 *
 * <p>{@link #FRAMING} says, for every vector, what {@link SipParser} alone decides. Vectors
 * whose fault lies inside a header value (URIs, Via, From/To, quoting) pass framing; the checks
 * that catch them belong to the typed header parsers and are added to {@link #SEMANTIC} as those
 * parsers appear.
 */
class Rfc4475Test {
  private static final String SET = "rfc4475";
  private static final int PARSES = 0;

  /** file → the status {@link SipParser} fails with, or {@link #PARSES}. */
  static final Map<String, Integer> FRAMING = new LinkedHashMap<>();

  static {
    // §3.1.1 valid
    for (String f : List.of("wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq",
        "dblreq", "semiuri", "transports", "mpart01", "unreason", "noreason")) {
      FRAMING.put(f + ".dat", PARSES);
    }
    // §3.1.2 invalid: the framing-level ones fail here ...
    FRAMING.put("clerr.dat", 400); // Content-Length 9999 > datagram
    FRAMING.put("ncl.dat", 400); // Content-Length -999
    FRAMING.put("ltgtruri.dat", 400); // Request-URI does not start with a scheme
    FRAMING.put("lwsruri.dat", 400); // "sip:user@example.com; lr" splits the request line
    FRAMING.put("lwsstart.dat", 400); // several SPs between request-line elements
    FRAMING.put("trws.dat", 400); // SPs after SIP-Version
    FRAMING.put("badvers.dat", 505); // SIP/7.0
    FRAMING.put("bigcode.dat", 400); // status code 4294967301
    // ... the rest are faults inside header values (see SEMANTIC)
    for (String f : List.of("badinv01", "scalar02", "scalarlg", "quotbal", "escruri", "baddate",
        "regbadct", "badaspec", "baddn", "mismatch01", "mismatch02")) {
      FRAMING.put(f + ".dat", PARSES);
    }
    // §3.2–3.4 valid-but-odd: all parse but mcl01 (framing undefined)
    for (String f : List.of("badbranch", "insuf", "unkscm", "novelsc", "unksm2", "bext01", "invut",
        "regaut01", "multi01", "bcast", "zeromf", "cparam01", "cparam02", "regescrt", "sdp01",
        "inv2543")) {
      FRAMING.put(f + ".dat", PARSES);
    }
    FRAMING.put("mcl01.dat", 400); // Content-Length 13 and 5
    FRAMING.put("unlisted/test.dat", 400); // no SIP-Version in the request line
  }

  /** A check on a parsed vector beyond framing: it must throw {@link SipParseException}. */
  interface SemanticCheck {
    void run(SipMessage m);
  }

  /** file → a typed-header check that must reject the (framed) message. */
  static final Map<String, SemanticCheck> SEMANTIC = new LinkedHashMap<>();

  static {
    SEMANTIC.put("scalar02.dat", m -> CSeq.of(m)); // CSeq 36893488147419103232 > 2^31-1
    SEMANTIC.put("scalarlg.dat", m -> CSeq.of(m)); // same, in a 503
  }

  static Stream<String> files() {
    return FRAMING.keySet().stream();
  }

  static Stream<String> validFiles() {
    return Vectors.manifest(SET).stream().filter(r -> r[2].equals("valid")).map(r -> r[0]);
  }

  @Test
  void checksumsMatchTheCopiedBytes() {
    Map<String, String> sums = Vectors.checksums(SET);
    assertEquals(50, sums.size(), "49 listed vectors and unlisted/test.dat");
    sums.forEach((file, sum) -> assertEquals(sum, Vectors.sha256(Vectors.bytes(SET, file)), file));
  }

  @Test
  void tableCoversEveryVectorOfTheManifest() {
    Set<String> listed = new TreeSet<>();
    Vectors.manifest(SET).forEach(r -> listed.add(r[0]));
    listed.add("unlisted/test.dat");
    assertEquals(listed, new TreeSet<>(FRAMING.keySet()));
    assertEquals(49, Vectors.manifest(SET).size());
  }

  @ParameterizedTest
  @MethodSource("files")
  void framingParserDecidesAsTheTableSays(String file) {
    byte[] bytes = Vectors.bytes(SET, file);
    int expected = FRAMING.get(file);
    if (expected == PARSES) {
      SipMessage m = SipParser.parse(bytes, 0, bytes.length);
      assertTrue(m.headerCount() > 0, file);
      SemanticCheck check = SEMANTIC.get(file);
      if (check != null) {
        assertThrows(SipParseException.class, () -> check.run(m), file);
      }
    } else {
      SipParseException e =
          assertThrows(SipParseException.class, () -> SipParser.parse(bytes, 0, bytes.length));
      assertEquals(expected, e.status(), file + ": " + e.reason());
    }
  }

  @ParameterizedTest
  @MethodSource("validFiles")
  void validMessagesSurviveParseWriteParse(String file) {
    byte[] bytes = Vectors.bytes(SET, file);
    SipMessage first = SipParser.parse(bytes, 0, bytes.length);
    byte[] written = first.toBytes();
    SipMessage second = SipParser.parse(written, 0, written.length);
    assertSameMessage(first, second, file);
    assertEquals(first.getClass(), second.getClass());
  }

  @Test
  void wsinvIsReadThroughFoldsAndOddSpacing() {
    SipMessage m = parse("wsinv.dat");
    // a leading fold is skipped, a fold inside a value becomes one SP, other spacing stays
    assertEquals(List.of("sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n"),
        m.values(HeaderName.TO));
    assertEquals(68, MaxForwards.of(m).hops());
    CSeq cseq = CSeq.of(m);
    assertEquals(9, cseq.number());
    assertEquals(Method.INVITE, cseq.method());
    assertEquals(List.of("SIP  /   2.0 /UDP 192.0.2.2;branch=390skdjuw",
            "SIP  / 2.0  / TCP     spindle.example.com   ; branch  =   z9hG4bK9ikj8",
            "SIP  /    2.0   / UDP  192.168.255.111   ; branch= z9hG4bK30239"),
        m.values(HeaderName.VIA));
    assertEquals("", m.value(HeaderName.SUBJECT));
    assertEquals(";;,,;;,;", m.valueAt(m.first("UnknownHeaderWithUnusualValue")));
    assertEquals("newfangled value continued newfangled value",
        m.valueAt(m.first("NewFangledHeader")));
    assertEquals(150, m.bodyLength());
  }

  @Test
  void esc02KeepsEscapedNamesUnknown() {
    SipRequest r = assertInstanceOf(SipRequest.class, parse("esc02.dat"));
    assertEquals("RE%47IST%45R", r.method().name());
    assertTrue(r.method() != Method.REGISTER);
    assertEquals(2, r.count(HeaderName.CONTACT));
    assertTrue(r.first("C%6Fntact") >= 0);
  }

  @Test
  void dblreqIgnoresTheOctetsAfterTheBody() {
    byte[] bytes = Vectors.bytes(SET, "dblreq.dat");
    SipMessage m = SipParser.parse(bytes, 0, bytes.length);
    assertEquals(0, m.bodyLength());
    byte[] out = m.toBytes();
    assertEquals(m.bodyStart() - m.messageStart(), out.length);
    assertTrue(bytes.length - out.length > 400, "the trailing INVITE is not written");
  }

  @Test
  void baddnEndsItsHeadersAtTheEndOfTheDatagram() {
    SipMessage m = parse("baddn.dat");
    assertEquals(0, m.bodyLength());
    assertEquals("0", m.value(HeaderName.CONTENT_LENGTH));
  }

  @Test
  void inv2543TakesTheRestOfTheDatagramAsBody() {
    SipMessage m = parse("inv2543.dat");
    assertEquals(-1, m.contentLength());
    assertTrue(m.bodyLength() > 0);
    assertEquals(m.buffer().length, m.messageEnd());
  }

  @Test
  void mpart01IsFramedByContentLength() {
    SipMessage m = parse("mpart01.dat");
    assertEquals(m.contentLength(), m.bodyLength());
    assertEquals(Method.MESSAGE, ((SipRequest) m).method());
  }

  @Test
  void responsesKeepOddReasonPhrases() {
    SipResponse noreason = assertInstanceOf(SipResponse.class, parse("noreason.dat"));
    assertEquals(100, noreason.statusCode());
    assertEquals("", noreason.reasonPhrase());
    SipResponse unreason = assertInstanceOf(SipResponse.class, parse("unreason.dat"));
    assertEquals(200, unreason.statusCode());
    assertTrue(unreason.reasonPhrase().chars().anyMatch(c -> c > 0x7F), "UTF-8 decoded");
  }

  @Test
  void intmethKeepsItsOddMethodAsText() {
    SipRequest r = (SipRequest) parse("intmeth.dat");
    assertEquals("!interesting-Method0123456789_*+`.%indeed'~", r.method().name());
    assertEquals(r.method(), CSeq.of(r).method());
  }

  @Test
  void scalar02OverlargeScalarsFailTheirTypedParsers() {
    SipMessage m = parse("scalar02.dat");
    assertThrows(SipParseException.class, () -> MaxForwards.of(m));
    // RFC 3261 §20.19: an expiry above 2^32-1 is 2^32-1, in the header as in the Contact parameter
    // (RFC 4475 §3.1.2.4 lets the element treat overlarge expiries leniently; the 400 is the CSeq's)
    assertEquals(Expires.MAX, Expires.of(m).seconds());
    assertEquals(Expires.MAX, m.contacts().get(0).expires());
  }

  private static SipMessage parse(String file) {
    byte[] bytes = Vectors.bytes(SET, file);
    try {
      return SipParser.parse(bytes, 0, bytes.length);
    } catch (SipParseException e) {
      return fail(file + " failed: " + e.status() + " " + e.reason());
    }
  }
}
