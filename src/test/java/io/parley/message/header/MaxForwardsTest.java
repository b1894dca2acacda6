package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaxForwardsTest {
  static MaxForwards parse(String s) {
    byte[] b = Bytes.padded(s);
    return MaxForwards.parse(b, 3, b.length - 6);
  }

  @Test
  void roundTrips() {
    MaxForwards m = parse("70");
    assertEquals(70, m.hops());
    assertEquals("70", m.toString());
    assertEquals(m, parse(m.toString()));
  }

  @Test
  void leadingZerosAndBounds() {
    assertEquals(68, parse("0068").hops());
    assertEquals(0, parse("0").hops());
    assertEquals(255, parse(" 255 ").hops());
    assertEquals(69, parse("70").decremented().hops());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "256", "300", "-1", "7 0", "seventy", "99999999999999999999999"})
  void rejects(String s) {
    assertThrows(SipParseException.class, () -> parse(s));
  }

  @Test
  void ofIsNullWhenAbsent() {
    assertNull(MaxForwards.of(SipParser.parse(Bytes.of("OPTIONS sip:a@b SIP/2.0\r\n\r\n"))));
    assertEquals(5, MaxForwards.of(SipParser.parse(Bytes.of("OPTIONS sip:a@b SIP/2.0\r\nmax-forwards: 5\r\n\r\n"))).hops());
  }
}
