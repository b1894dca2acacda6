package io.parley.message;

import static io.parley.message.MessageAssertions.assertSameMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The NIST JAIN-SIP parser torture cases as robustness input: every case, with its LF line ends
 * and converted to CRLF, must either parse (and survive a write and a re-parse) or fail with
 * {@link SipParseException}; nothing else may escape the parser.
 *
 * <p>The set is no authority (many messages predate RFC 3261, and JAIN-SIP's exceptions often
 * come from URI or header parsing that framing does not do), so the assertions are about
 * robustness and broad agreement, not exact counts.
 */
class NistTortureTest {
  private static final String SET = "jsip-torture";

  /** One test case: its kind (message, sip-header, sip-url) and whether it is meant to fail. */
  record Case(int number, String kind, String text, boolean expectsException) {
    /** The bytes to feed the parser: a header goes into, a URL becomes the Request-URI of, a minimal request. */
    byte[] bytes() {
      String msg = switch (kind) {
        case "message" -> text;
        case "sip-header" -> MINIMAL + text + (text.endsWith("\n") ? "" : "\n") + "\n";
        case "sip-url" -> "OPTIONS " + text.strip() + " SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n\n";
        default -> throw new IllegalStateException(kind);
      };
      return withHexEscapes(msg);
    }
  }

  /** The NIST harness spells raw octets as {@code <hex>0D0A</hex>}; this puts them back. */
  static byte[] withHexEscapes(String msg) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(msg.length());
    int p = 0;
    int h;
    while ((h = msg.indexOf("<hex>", p)) >= 0) {
      int e = msg.indexOf("</hex>", h);
      out.writeBytes(msg.substring(p, h).getBytes(StandardCharsets.UTF_8));
      out.writeBytes(java.util.HexFormat.of().parseHex(msg.substring(h + 5, e).replaceAll("\\s", "")));
      p = e + 6;
    }
    out.writeBytes(msg.substring(p).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static final String MINIMAL =
      "OPTIONS sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n";

  private static List<Case> cases;

  @BeforeAll
  static void load() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setValidating(false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    byte[] xml = Vectors.bytes(SET, "torture.xml");
    NodeList nodes = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml))
        .getElementsByTagName("testcase");
    cases = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element tc = (Element) nodes.item(i);
      Element body = null;
      for (Node c = tc.getFirstChild(); c != null; c = c.getNextSibling()) {
        if (c instanceof Element e && List.of("message", "sip-header", "sip-url").contains(e.getTagName())) {
          body = e;
        }
      }
      boolean fails = tc.getElementsByTagName("expect-exception-callback").getLength() > 0;
      cases.add(new Case(i + 1, body.getTagName(), cdata(body), fails));
    }
  }

  /** The CDATA text of {@code e}, without the XML white space around the section. */
  private static String cdata(Element e) {
    StringBuilder sb = new StringBuilder();
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.CDATA_SECTION_NODE) {
        sb.append(c.getNodeValue());
      }
    }
    return sb.length() > 0 ? sb.toString() : e.getTextContent().strip();
  }

  @Test
  void checksumsMatchTheCopiedBytes() {
    Vectors.checksums(SET).forEach(
        (file, sum) -> assertEquals(sum, Vectors.sha256(Vectors.bytes(SET, file)), file));
  }

  @Test
  void theSetHasItsFourHundredCases() {
    assertEquals(400, cases.size());
    assertEquals(374, cases.stream().filter(c -> c.kind.equals("message")).count());
    assertEquals(33, cases.stream().filter(Case::expectsException).count());
  }

  @Test
  void everyCaseParsesOrFailsWithSipParseExceptionOnly() {
    int[] wellFormedParsed = new int[2];
    int[] wellFormed = new int[2];
    int[] flaggedFailed = new int[2];
    int[] flagged = new int[2];
    List<String> unexpected = new ArrayList<>();
    for (Case c : cases) {
      byte[] lf = c.bytes();
      byte[][] variants = {lf, Vectors.lfToCrlf(lf)};
      for (int v = 0; v < 2; v++) {
        boolean parsed = parsesCleanly(variants[v], c, unexpected);
        if (c.expectsException) {
          flagged[v]++;
          flaggedFailed[v] += parsed ? 0 : 1;
        } else {
          wellFormed[v]++;
          wellFormedParsed[v] += parsed ? 1 : 0;
        }
      }
    }
    for (int v = 0; v < 2; v++) {
      System.out.printf("NIST torture (%s): %d of %d well-formed cases parse, %d of %d flagged cases fail%n",
          v == 0 ? "LF" : "CRLF", wellFormedParsed[v], wellFormed[v], flaggedFailed[v], flagged[v]);
    }
    assertEquals(List.of(), unexpected, "only SipParseException may escape the parser");
    // Framing alone cannot see most faults the flagged cases hold (bad URIs, bad header
    // values), but the well-formed ones must overwhelmingly parse, and in both line-end styles.
    for (int v = 0; v < 2; v++) {
      assertTrue(wellFormedParsed[v] >= wellFormed[v] * 9 / 10,
          wellFormedParsed[v] + " of " + wellFormed[v] + " well-formed cases parsed");
      assertTrue(flaggedFailed[v] >= flagged[v] / 3,
          flaggedFailed[v] + " of " + flagged[v] + " flagged cases failed at framing");
      // and a flagged case fails far more often than a well-formed one
      long flaggedRate = (long) flaggedFailed[v] * wellFormed[v];
      long wellFormedRate = (long) (wellFormed[v] - wellFormedParsed[v]) * flagged[v];
      assertTrue(flaggedRate > 5 * wellFormedRate, "flagged cases fail no more often than others");
    }
  }

  /** Parses {@code b}; true if it parsed and re-parsed to the same structure. */
  private static boolean parsesCleanly(byte[] b, Case c, List<String> unexpected) {
    try {
      SipMessage m = SipParser.parse(b, 0, b.length);
      byte[] out = m.toBytes();
      assertSameMessage(m, SipParser.parse(out, 0, out.length), "case " + c.number);
      return true;
    } catch (SipParseException e) {
      assertTrue(e.status() == 400 || e.status() == 505 || e.status() == 513, e.reason());
      return false;
    } catch (RuntimeException e) {
      unexpected.add("case " + c.number + ": " + e);
      return false;
    }
  }
}
