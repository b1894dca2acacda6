package io.parley.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SipParserTest {
  static final String HEAD = "INVITE sip:bob@example.com SIP/2.0\r\n"
      + "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n";

  static SipMessage parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return SipParser.parse(b, 0, b.length);
  }

  static SipRequest request(String headers) {
    return (SipRequest) parse(HEAD + headers + "\r\n");
  }

  static int fails(String s) {
    return assertThrows(SipParseException.class, () -> parse(s)).status();
  }

  // ---- start line ----

  @Test
  void requestLineGivesMethodAndUri() {
    SipRequest r = request("Content-Length: 0\r\n");
    assertSame(Method.INVITE, r.method());
    assertEquals("sip:bob@example.com", r.requestUri());
    assertEquals("INVITE sip:bob@example.com SIP/2.0", r.startLine());
    assertTrue(r.isRequest());
  }

  @Test
  void unknownAndLowerCaseMethodsKeepTheirText() {
    SipRequest r = (SipRequest) parse("invite sip:a@b SIP/2.0\r\n\r\n");
    assertEquals("invite", r.method().name());
    assertFalse(r.method().isKnown());
    assertEquals(Method.of("invite"), r.method());
    assertSame(Method.NOTIFY, ((SipRequest) parse("NOTIFY sip:a@b SIP/2.0\r\n\r\n")).method());
  }

  @Test
  void versionMatchesIgnoringCase() {
    assertEquals(0, parse("OPTIONS sip:a@b sip/2.0\r\n\r\n").headerCount());
    assertEquals(200, ((SipResponse) parse("sIp/2.0 200 OK\r\n\r\n")).statusCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIP/7.0", "SIP/2.1", "SIP/1.0", "SIP/20.0", "SIP/99999999999999.0"})
  void otherWellFormedVersionsAre505(String version) {
    assertEquals(505, fails("OPTIONS sip:a@b " + version + "\r\n\r\n"));
    assertEquals(505, fails(version + " 200 OK\r\n\r\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIP/2", "SIP/.0", "SIP/2.", "SIP2.0", "HTTP/1.1", "SIP/2.0x", "SIP/7.0x", "SIP/a.b"})
  void garbageVersionsAre400(String version) {
    assertEquals(400, fails("OPTIONS sip:a@b " + version + "\r\n\r\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "OPTIONS  sip:a@b SIP/2.0", // two SPs (RFC 4475 §3.1.2.9)
      "OPTIONS sip:a@b  SIP/2.0",
      "OPTIONS sip:a@b SIP/2.0 ", // trailing SP (RFC 4475 §3.1.2.10)
      "OPTIONS\tsip:a@b SIP/2.0",
      " OPTIONS sip:a@b SIP/2.0",
      "OPTIONS <sip:a@b> SIP/2.0", // RFC 4475 §3.1.2.7
      "OPTIONS sip:a@b",
      "OPTIONS",
      "OPTIONS 123:a SIP/2.0", // a scheme starts with a letter
      "OPTIONS a@b SIP/2.0", // no scheme
      "OPT(IONS sip:a@b SIP/2.0", // "(" is not a token char
  })
  void malformedRequestLinesAre400(String line) {
    assertEquals(400, fails(line + "\r\nVia: SIP/2.0/UDP h\r\n\r\n"));
  }

  @Test
  void statusLineGivesCodeAndReason() {
    SipResponse r = (SipResponse) parse("SIP/2.0 486 Busy Here\r\nContent-Length: 0\r\n\r\n");
    assertEquals(486, r.statusCode());
    assertEquals("Busy Here", r.reasonPhrase());
    assertFalse(r.isRequest());
    assertEquals("", ((SipResponse) parse("SIP/2.0 100 \r\n\r\n")).reasonPhrase());
    assertEquals("", ((SipResponse) parse("SIP/2.0 100\r\n\r\n")).reasonPhrase());
    assertEquals("Très bien\tok", ((SipResponse) parse("SIP/2.0 200 Très bien\tok\r\n\r\n")).reasonPhrase());
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIP/2.0 4294967301 Big", "SIP/2.0 2000 OK", "SIP/2.0 20 OK",
      "SIP/2.0 099 Low", "SIP/2.0 700 High", "SIP/2.0 2x0 OK", "SIP/2.0  200 OK", "SIP/2.0 200\u0001",
      "SIP/2.0", "SIP/2.0 "})
  void malformedStatusLinesAre400(String line) {
    assertEquals(400, fails(line + "\r\n\r\n"));
  }

  @Test
  void leadingLineEndsAreSkipped() {
    byte[] b = "\r\n\r\n\nOPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    SipMessage m = SipParser.parse(b, 0, b.length);
    assertEquals(5, m.messageStart());
    assertEquals("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n",
        new String(m.toBytes(), StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\r\n", "\r\n\r\n\n", "   ", "\0"})
  void emptyOrBlankDatagramsAre400(String s) {
    assertEquals(400, fails(s));
  }

  @Test
  void parsesWithinAnOffsetRangeOfALargerBuffer() {
    byte[] msg = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] buf = new byte[msg.length + 20];
    java.util.Arrays.fill(buf, (byte) 'Z');
    System.arraycopy(msg, 0, buf, 7, msg.length);
    SipMessage m = SipParser.parse(buf, 7, msg.length);
    assertEquals("x", m.callId());
    assertArrayEquals(msg, m.toBytes());
  }

  // ---- header fields ----

  @Test
  void namesMatchIgnoringCaseAndCompactForms() {
    SipRequest r = request("cAlL-iD: a\r\nf: <sip:f@x>;tag=1\r\nT: <sip:t@x>\r\nI: b\r\nm: <sip:c@x>\r\n"
        + "l: 0\r\nk: timer\r\nmax-forwards: 70\r\nC%6Fntact: <sip:no@x>\r\nX-Custom: 1\r\n");
    assertEquals(HeaderName.VIA, r.nameAt(0));
    assertEquals(HeaderName.CALL_ID, r.nameAt(1));
    assertEquals("cAlL-iD", r.nameTextAt(1));
    assertEquals(HeaderName.FROM, r.nameAt(2));
    assertEquals(HeaderName.TO, r.nameAt(3));
    assertEquals(HeaderName.CALL_ID, r.nameAt(4));
    assertEquals(HeaderName.CONTACT, r.nameAt(5));
    assertEquals(HeaderName.CONTENT_LENGTH, r.nameAt(6));
    assertEquals(HeaderName.SUPPORTED, r.nameAt(7));
    assertEquals(HeaderName.MAX_FORWARDS, r.nameAt(8));
    assertEquals(HeaderName.OTHER, r.nameAt(9));
    assertEquals(HeaderName.OTHER, r.nameAt(10));
    assertEquals(1, r.count(HeaderName.CONTACT));
    assertEquals(2, r.count(HeaderName.CALL_ID));
    assertEquals(10, r.first("x-custom"));
    assertEquals(9, r.first("c%6fntact"));
    assertEquals(5, r.first("Contact"));
    assertEquals(1, r.first("i"));
    assertEquals(-1, r.first("X-Missing"));
  }

  @Test
  void everyHeaderNameAndCompactFormIsFound() {
    for (HeaderName h : HeaderName.values()) {
      if (h == HeaderName.OTHER) {
        continue;
      }
      assertSame(h, HeaderName.of(h.wireName()));
      assertSame(h, HeaderName.of(h.wireName().toUpperCase(java.util.Locale.ROOT)));
      if (h.compactForm() != 0) {
        assertSame(h, HeaderName.of(String.valueOf(h.compactForm())));
        assertSame(h, HeaderName.of(String.valueOf(Character.toUpperCase(h.compactForm()))));
      }
      SipRequest r = request(h.wireName() + (h == HeaderName.CONTENT_LENGTH ? ": 0\r\n" : ": x\r\n"));
      assertSame(h, r.nameAt(1));
    }
    assertSame(HeaderName.OTHER, HeaderName.of("Vias"));
    assertSame(HeaderName.OTHER, HeaderName.of("Call\rID"), "not a token, so no header of ours");
    assertSame(HeaderName.OTHER, HeaderName.of("Max_Forwards"));
    assertSame(HeaderName.OTHER, HeaderName.of("g"));
    assertSame(HeaderName.OTHER, HeaderName.of(""));
  }

  @Test
  void namesAtTheVeryEndOfTheBufferAreFoundToo() {
    for (HeaderName h : HeaderName.values()) {
      if (h == HeaderName.OTHER) {
        continue;
      }
      String name = h.wireName().toUpperCase(java.util.Locale.ROOT);
      SipMessage m = parse("OPTIONS sip:a@b SIP/2.0\r\n" + name + ":0");
      assertSame(h, m.nameAt(0), name);
    }
  }

  @Test
  void repeatedFieldsKeepTheirOrder() {
    SipRequest r = request("Route: <sip:a;lr>\r\nVia: SIP/2.0/UDP b\r\nRoute: <sip:c;lr>\r\n");
    assertEquals(2, r.count(HeaderName.VIA));
    int first = r.first(HeaderName.ROUTE);
    int second = r.next(HeaderName.ROUTE, first);
    assertEquals(1, first);
    assertEquals(3, second);
    assertEquals(-1, r.next(HeaderName.ROUTE, second));
    assertEquals(List.of("<sip:a;lr>", "<sip:c;lr>"), r.values(HeaderName.ROUTE));
  }

  @Test
  void listHeadersSplitOutsideQuotesAndBrackets() {
    SipRequest r = request("Contact: \"Doe, John\" <sip:j@x;p=a,b>;q=0.5 , <sip:k@y>\r\n"
        + "Route: <sip:a;lr>,<sip:b;lr>\r\n"
        + "Allow: INVITE, ACK,BYE\r\n"
        + "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\n"
        + "Authorization: Digest username=\"a\", realm=\"b\"\r\n"
        + "X-List: a, b\r\n"
        + "Supported: \r\n");
    assertEquals(List.of("\"Doe, John\" <sip:j@x;p=a,b>;q=0.5", "<sip:k@y>"), r.values(HeaderName.CONTACT));
    assertEquals(List.of("<sip:a;lr>", "<sip:b;lr>"), r.values(HeaderName.ROUTE));
    assertEquals(List.of("INVITE", "ACK", "BYE"), r.values(HeaderName.ALLOW));
    assertEquals(List.of("Sat, 13 Nov 2010 23:29:00 GMT"), r.values(HeaderName.DATE));
    assertEquals(1, r.values(HeaderName.AUTHORIZATION).size());
    assertEquals("a, b", r.valueAt(r.first("X-List")));
    assertEquals(List.of(""), r.values(HeaderName.SUPPORTED));
    assertEquals(List.of(), r.values(HeaderName.REQUIRE));
  }

  @Test
  void emptyListElementsAreKeptForTheTypedParserToReject() {
    SipRequest r = request("Via: SIP/2.0/UDP c;;,;,,\r\n");
    assertEquals(List.of("SIP/2.0/UDP a.example.com;branch=z9hG4bK1", "SIP/2.0/UDP c;;", ";", "", ""),
        r.values(HeaderName.VIA));
  }

  @Test
  void foldedValuesReadAsOneLine() {
    SipRequest r = request("Subject: first\r\n   second \t\r\n\tthird\r\nTo:\r\n <sip:t@x>\r\n");
    int s = r.first(HeaderName.SUBJECT);
    assertTrue(r.isFolded(s));
    assertEquals("first second third", r.valueAt(s));
    String raw = new String(r.buffer(), r.valueStart(s), r.valueEnd(s) - r.valueStart(s), StandardCharsets.US_ASCII);
    assertEquals("first\r\n   second \t\r\n\tthird", raw);
    assertEquals(18, r.valueLength(s));
    int to = r.first(HeaderName.TO);
    assertFalse(r.isFolded(to), "a fold before the value is skipped, not kept");
    assertEquals("<sip:t@x>", r.valueAt(to));
    assertSame(r.buffer(), r.valueArray(to));
  }

  @Test
  void whiteSpaceAroundTheColonAndValueIsNotPartOfTheValue() {
    SipRequest r = request("Call-ID \t :   abc@def  \t\r\nSubject:\r\nX-Empty:   \r\n");
    assertEquals("abc@def", r.callId());
    assertEquals("", r.value(HeaderName.SUBJECT));
    assertEquals("", r.valueAt(r.first("X-Empty")));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "NoColon\r\n", ": empty-name\r\n", "Bad Name: x\r\n", "Bad(Name): x\r\n",
      "X: bare\rCR\r\n", "Name\r\n: value-on-next-line-is-not-a-fold\r\n"})
  void malformedHeaderFieldsAre400(String field) {
    assertEquals(400, fails(HEAD + field + "\r\n"));
  }

  @Test
  void aContinuationLineWithoutAFieldIs400() {
    assertEquals(400, fails("OPTIONS sip:a@b SIP/2.0\r\n continued: x\r\n\r\n"));
  }

  @Test
  void valuesMayHoldAnyOctetButLineBreaks() {
    SipRequest r = request("From: \"a\\\u0000b\" <sip:x@y>;tag=1\r\n");
    assertEquals("\"a\\\u0000b\" <sip:x@y>;tag=1", r.value(HeaderName.FROM));
  }

  // ---- line ends ----

  @Test
  void bareLfLineEndsAreAccepted() {
    SipMessage m = parse("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h\nSubject: a\n b\nContent-Length: 4\n\nbody");
    assertEquals(3, m.headerCount());
    assertEquals("a b", m.value(HeaderName.SUBJECT));
    assertEquals("body", new String(m.body(), StandardCharsets.US_ASCII));
  }

  @Test
  void headersMayEndWithTheDatagram() {
    SipMessage m = parse("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nl: 0\r\n");
    assertEquals(2, m.headerCount());
    assertEquals(0, m.bodyLength());
    SipMessage noTerminator = parse("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x");
    assertEquals("x", noTerminator.callId());
    assertEquals(400, fails("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: 1\r\n"));
  }

  // ---- body framing ----

  @Test
  void contentLengthDelimitsTheBody() {
    SipMessage m = parse(HEAD + "Content-Length: 3\r\n\r\nabcdef");
    assertEquals(3, m.contentLength());
    assertEquals("abc", new String(m.body(), StandardCharsets.US_ASCII));
    assertEquals(m.bodyStart() + 3, m.messageEnd());
  }

  @Test
  void withoutContentLengthTheBodyIsTheRestOfTheDatagram() {
    SipMessage m = parse(HEAD + "\r\nabcdef");
    assertEquals(-1, m.contentLength());
    assertEquals("abcdef", new String(m.body(), StandardCharsets.US_ASCII));
  }

  @Test
  void equalRepeatedContentLengthsAreAccepted() {
    SipMessage m = parse(HEAD + "Content-Length: 2\r\nl: 002\r\n\r\nab");
    assertEquals(2, m.bodyLength());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Length: -1", "Content-Length: abc", "Content-Length: 1 2",
      "Content-Length:", "Content-Length: 99999999999999999999", "Content-Length: 70000",
      "Content-Length: 7\r\nContent-Length: 6", "Content-Length: 10", "l: 0x1"})
  void badContentLengthsAre400(String field) {
    assertEquals(400, fails(HEAD + field + "\r\n\r\nabcdefg"));
  }

  // ---- limits ----

  @Test
  void messagesOverTheSizeLimitAre513() {
    byte[] big = new byte[SipLimits.MAX_MESSAGE_SIZE + 1];
    byte[] head = (HEAD + "\r\n").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, big, 0, head.length);
    assertEquals(513, assertThrows(SipParseException.class, () -> SipParser.parse(big, 0, big.length)).status());
    assertEquals(SipLimits.MAX_MESSAGE_SIZE,
        SipParser.parse(big, 0, SipLimits.MAX_MESSAGE_SIZE).messageEnd(), "exactly the limit parses");
    SipLimits small = new SipLimits(100, 10, 80);
    byte[] msg = (HEAD + "Subject: " + "x".repeat(60) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    assertEquals(513, assertThrows(SipParseException.class,
        () -> SipParser.parse(msg, 0, msg.length, small)).status());
  }

  @Test
  void moreThan256FieldsAre400() {
    String fields255 = "X-A: 1\r\n".repeat(255);
    assertEquals(256, request(fields255).headerCount());
    assertEquals(400, fails(HEAD + fields255 + "X-A: 1\r\n\r\n"));
  }

  @Test
  void linesOver16KiBAre400() {
    int room = SipLimits.MAX_LINE_LENGTH - "Subject: ".length() - 2;
    assertEquals(room, request("Subject: " + "x".repeat(room) + "\r\n").value(HeaderName.SUBJECT).length());
    assertEquals(400, fails(HEAD + "Subject: " + "x".repeat(room + 1) + "\r\n\r\n"));
    assertEquals(400, fails(HEAD + "Subject: a\r\n " + "x".repeat(room) + "\r\n\r\n"), "folds count");
    assertEquals(400, fails("OPTIONS sip:" + "a".repeat(SipLimits.MAX_LINE_LENGTH) + " SIP/2.0\r\n\r\n"));
  }

  @Test
  void limitsCanBeTightened() {
    SipLimits tight = new SipLimits(1000, 2, 100);
    byte[] three = (HEAD + "X-A: 1\r\nX-B: 2\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    assertEquals(400, assertThrows(SipParseException.class,
        () -> SipParser.parse(three, 0, three.length, tight)).status());
    assertEquals(3, SipParser.parse(three, 0, three.length).headerCount());
    assertThrows(IllegalArgumentException.class, () -> new SipLimits(0, 1, 1));
  }

  // ---- accessors ----

  @Test
  void accessorsOfAbsentHeadersSayAbsent() {
    SipRequest r = (SipRequest) parse("OPTIONS sip:a@b SIP/2.0\r\n\r\n");
    assertNull(r.callId());
    assertEquals(-1, r.first(HeaderName.VIA));
    assertEquals(0, r.count(HeaderName.VIA));
    assertEquals(List.of(), r.values(HeaderName.VIA));
    assertThrows(IndexOutOfBoundsException.class, () -> r.valueAt(0));
  }

  @Test
  void writeToGivesTheReceivedBytes() throws Exception {
    byte[] in = (HEAD + "Subject: a\r\n b\r\nContent-Length: 2\r\n\r\nhiEXTRA").getBytes(StandardCharsets.US_ASCII);
    SipMessage m = SipParser.parse(in, 0, in.length);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    m.writeTo(out);
    assertArrayEquals(java.util.Arrays.copyOf(in, in.length - 5), out.toByteArray());
    assertArrayEquals(out.toByteArray(), m.toBytes());
    assertInstanceOf(SipRequest.class, m);
  }
}
