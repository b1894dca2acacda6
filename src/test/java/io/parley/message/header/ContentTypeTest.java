package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentTypeTest {
  static ContentType parse(String s) {
    byte[] b = Bytes.padded(s);
    return ContentType.parse(b, 3, b.length - 6);
  }

  @Test
  void roundTrips() {
    ContentType c = parse("multipart/mixed;boundary=7a9cbec02ceef655");
    assertEquals("multipart", c.type());
    assertEquals("mixed", c.subtype());
    assertEquals("7a9cbec02ceef655", c.parameter("BOUNDARY"));
    assertEquals("multipart/mixed;boundary=7a9cbec02ceef655", c.toString());
    assertEquals(c, parse(c.toString()));
  }

  @Test
  void lwsAroundSeparatorsAndQuotedValues() {
    ContentType c = parse(" Application / SDP ; charset = \"utf-8\" ;x=\"a\\\"b\"");
    assertTrue(c.is("application", "sdp"));
    assertEquals("application/sdp", c.mediaType());
    assertEquals("utf-8", c.parameter("charset"));
    assertEquals("a\"b", c.parameter("x"));
    assertEquals(List.of(new ContentType.Param("charset", "\"utf-8\""), new ContentType.Param("x", "\"a\\\"b\"")),
        c.parameters());
    assertEquals("Application/SDP;charset=\"utf-8\";x=\"a\\\"b\"", c.toString());
    assertEquals(c, parse(c.toString()));
    assertNull(c.parameter("missing"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "application", "application/", "/sdp", "application/sdp;", "application/sdp;a",
      "application/sdp;a=", "application/sdp;a=\"open", "application/sdp x", "app lication/sdp", "a/b,c/d"})
  void rejects(String s) {
    assertThrows(SipParseException.class, () -> parse(s));
  }

  @Test
  void constructorChecksTypeAndSubtype() {
    assertThrows(IllegalArgumentException.class, () -> new ContentType("app lication", "sdp", List.of()));
    assertThrows(IllegalArgumentException.class, () -> new ContentType("application", "", List.of()));
  }

  @Test
  void ofReadsTheCompactForm() {
    assertTrue(ContentType.of(SipParser.parse(Bytes.of("INVITE sip:a@b SIP/2.0\r\nc: application/sdp\r\n\r\n")))
        .is("application", "sdp"));
    assertNull(ContentType.of(SipParser.parse(Bytes.of("INVITE sip:a@b SIP/2.0\r\n\r\n"))));
  }
}
