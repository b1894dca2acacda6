package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MinSeTest {
  static MinSe parse(String s) {
    byte[] b = Bytes.padded(s);
    return MinSe.parse(b, 3, b.length - 6);
  }

  @Test
  void roundTrips() {
    MinSe m = parse("90");
    assertEquals(90, m.seconds());
    assertEquals(m, parse(m.toString()));
  }

  /** RFC 4028 §5: generic parameters are allowed; they carry nothing. */
  @Test
  void ignoresGenericParameters() {
    assertEquals(new MinSe(120), parse(" 120 ;foo=bar"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "x", "-5", "90 90", "90;"})
  void rejects(String s) {
    assertThrows(SipParseException.class, () -> parse(s));
  }

  @Test
  void ofReadsTheField() {
    assertEquals(300, MinSe.of(SipParser.parse(Bytes.of("INVITE sip:a SIP/2.0\r\nMin-SE: 300\r\n\r\n"))).seconds());
    assertNull(MinSe.of(SipParser.parse(Bytes.of("INVITE sip:a SIP/2.0\r\n\r\n"))));
  }
}
