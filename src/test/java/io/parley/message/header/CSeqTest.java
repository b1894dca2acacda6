package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.message.Method;
import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CSeqTest {
  static CSeq parse(String s) {
    byte[] b = Bytes.padded(s);
    return CSeq.parse(b, 3, b.length - 6);
  }

  @Test
  void roundTrips() {
    CSeq c = parse("314159 INVITE");
    assertEquals(314159, c.number());
    assertSame(Method.INVITE, c.method());
    assertEquals("314159 INVITE", c.toString());
    assertEquals(c, parse(c.toString()));
  }

  @Test
  void acceptsLwsLeadingZerosAndFoldsAndUnknownMethods() {
    assertEquals(new CSeq(9, Method.INVITE), parse(" 0009\r\n  INVITE "));
    assertEquals("2147483647 FOO.bar", parse("2147483647\tFOO.bar").toString());
    assertEquals(0, parse("0 ACK").number());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "INVITE", "1", "1INVITE", "-1 INVITE", "2147483648 INVITE",
      "36893488147419103232 INVITE", "1 INVITE x", "1 IN(VITE", "1 , INVITE", "0x1 INVITE"})
  void rejects(String s) {
    assertEquals(400, assertThrows(SipParseException.class, () -> parse(s)).status());
  }

  @Test
  void ofNeedsExactlyOneCSeq() {
    assertEquals(new CSeq(1, Method.OPTIONS),
        CSeq.of(SipParser.parse(Bytes.of("OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n"))));
    assertThrows(SipParseException.class,
        () -> CSeq.of(SipParser.parse(Bytes.of("OPTIONS sip:a@b SIP/2.0\r\n\r\n"))));
    assertThrows(SipParseException.class, () -> CSeq.of(SipParser.parse(
        Bytes.of("OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\nCSeq: 2 OPTIONS\r\n\r\n"))));
  }
}
