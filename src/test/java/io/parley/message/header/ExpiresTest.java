package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpiresTest {
  static Expires parse(String s) {
    byte[] b = Bytes.padded(s);
    return Expires.parse(b, 3, b.length - 6);
  }

  @Test
  void roundTrips() {
    Expires e = parse("3600");
    assertEquals(3600, e.seconds());
    assertEquals("3600", e.toString());
    assertEquals(e, parse(e.toString()));
  }

  @Test
  void acceptsUpTo2To32Minus1() {
    assertEquals(4294967295L, parse("4294967295").seconds());
    assertEquals(0, parse("000").seconds());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "4294967296", "10000000000000000000000", "-1", "Thu, 01 Dec 1994 16:00:00 GMT", "60;x"})
  void rejects(String s) {
    assertThrows(SipParseException.class, () -> parse(s));
  }

  @Test
  void ofIsNullWhenAbsent() {
    assertNull(Expires.of(SipParser.parse(Bytes.of("REGISTER sip:a SIP/2.0\r\n\r\n"))));
    assertEquals(60, Expires.of(SipParser.parse(Bytes.of("REGISTER sip:a SIP/2.0\r\nExpires: 60\r\n\r\n"))).seconds());
  }
}
