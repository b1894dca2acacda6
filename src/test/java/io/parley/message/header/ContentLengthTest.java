package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentLengthTest {
  static ContentLength parse(String s) {
    byte[] b = Bytes.padded(s);
    return ContentLength.parse(b, 3, b.length - 6);
  }

  @Test
  void roundTrips() {
    ContentLength c = parse("  0150 ");
    assertEquals(150, c.length());
    assertEquals("150", c.toString());
    assertEquals(c, parse(c.toString()));
    assertEquals(Integer.MAX_VALUE, parse("2147483647").length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-999", "2147483648", "1.5", "12 3", "l"})
  void rejects(String s) {
    assertThrows(SipParseException.class, () -> parse(s));
  }

  @Test
  void ofReadsTheCompactForm() {
    assertEquals(3, ContentLength.of(SipParser.parse(Bytes.of("OPTIONS sip:a@b SIP/2.0\r\nl: 3\r\n\r\nabc"))).length());
    assertNull(ContentLength.of(SipParser.parse(Bytes.of("OPTIONS sip:a@b SIP/2.0\r\n\r\n"))));
  }
}
