package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import java.util.List;
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

  /**
   * RFC 3261 §20.19 bounds delta-seconds by 2^32-1: a larger value, however long, is read as
   * 2^32-1, exactly as a Contact's expires parameter is.
   */
  @Test
  void overlargeValuesAreTheMaximumAsTheContactParameterIs() {
    for (String big : List.of("4294967296", "10000000000000000000000", "9".repeat(1000), "0" + "9".repeat(30))) {
      assertEquals(Expires.MAX, parse(big).seconds(), big);
      assertEquals(Contact.parse("<sip:a@b.com>;expires=" + big).expires(), parse(big).seconds(), big);
    }
    assertEquals(4294967295L, parse("0004294967295").seconds());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "Thu, 01 Dec 1994 16:00:00 GMT", "60;x", "1 2", "0x10", "+5"})
  void rejects(String s) {
    assertThrows(SipParseException.class, () -> parse(s));
  }

  @Test
  void ofIsNullWhenAbsent() {
    assertNull(Expires.of(SipParser.parse(Bytes.of("REGISTER sip:a SIP/2.0\r\n\r\n"))));
    assertEquals(60, Expires.of(SipParser.parse(Bytes.of("REGISTER sip:a SIP/2.0\r\nExpires: 60\r\n\r\n"))).seconds());
  }
}
