package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionExpiresTest {
  static SessionExpires parse(String s) {
    byte[] b = Bytes.padded(s);
    return SessionExpires.parse(b, 3, b.length - 6);
  }

  @Test
  void roundTrips() {
    for (String s : new String[] {"1800", "1800;refresher=uac", "90;refresher=uas"}) {
      SessionExpires e = parse(s);
      assertEquals(s, e.toString());
      assertEquals(e, parse(e.toString()));
    }
  }

  /** RFC 4028 §4: generic parameters are allowed and ignored; the refresher is case-insensitive. */
  @Test
  void readsTheRefresherAmongOtherParameters() {
    SessionExpires e = parse(" 4000 ; x=1 ; refresher=UAS ;y");
    assertEquals(4000, e.seconds());
    assertEquals("uas", e.refresher());
    assertNull(parse("4000").refresher());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "-1", "90;refresher=proxy", "90;refresher", "90 x", "90;"})
  void rejects(String s) {
    assertThrows(SipParseException.class, () -> parse(s));
  }

  @Test
  void readsTheCompactFormAndRefusesTwo() {
    assertEquals(1800, SessionExpires.of(SipParser.parse(Bytes.of("INVITE sip:a SIP/2.0\r\nx: 1800\r\n\r\n"))).seconds());
    assertNull(SessionExpires.of(SipParser.parse(Bytes.of("INVITE sip:a SIP/2.0\r\n\r\n"))));
    assertThrows(SipParseException.class, () -> SessionExpires.of(SipParser.parse(
        Bytes.of("INVITE sip:a SIP/2.0\r\nSession-Expires: 90\r\nx: 100\r\n\r\n"))));
  }
}
