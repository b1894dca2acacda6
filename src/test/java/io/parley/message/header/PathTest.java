package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import io.parley.message.uri.SipUri;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3327 §4: the Path header. */
class PathTest {
  static Path parse(String s) {
    byte[] b = Bytes.padded(s);
    return Path.parse(b, 3, b.length - 6);
  }

  @Test
  void roundTripsTheRfc3327Example() {
    // RFC 3327 §5.5.1, the REGISTER as it reaches the registrar
    Path p = parse("<sip:P3.EXAMPLEHOME.COM;lr>,<sip:P1.EXAMPLEVISITED.COM;lr>");
    assertEquals(2, p.values().size());
    assertEquals("P3.EXAMPLEHOME.COM", p.values().get(0).sipUri().host());
    assertTrue(p.values().get(1).sipUri().lr());
    assertEquals("<sip:P3.EXAMPLEHOME.COM;lr>, <sip:P1.EXAMPLEVISITED.COM;lr>", p.toString());
    assertEquals(p.wireValues(), parse(p.toString()).wireValues());
  }

  @Test
  void keepsUriParametersAndHeaderParameters() {
    // RFC 5626 §9.2: the edge proxy's flow token and ob
    Path p = parse(" <sip:VskztcQ/S8p4WPbOnHbuyh5iJvJIW3ib@ep1.example.com;lr;ob>;x=1 ");
    SipUri u = p.values().get(0).sipUri();
    assertEquals("VskztcQ/S8p4WPbOnHbuyh5iJvJIW3ib", u.user());
    assertEquals("1", p.values().get(0).param("x"));
    assertEquals(List.of("<sip:VskztcQ/S8p4WPbOnHbuyh5iJvJIW3ib@ep1.example.com;lr;ob>;x=1"), p.wireValues());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "<sip:a;lr>,", ",<sip:a;lr>", "<sip:a;lr", "<sip:a;lr> <sip:b;lr>"})
  void rejects(String s) {
    assertThrows(SipParseException.class, () -> parse(s));
  }

  @Test
  void ofJoinsEveryFieldInOrderAndIsNullWhenAbsent() {
    assertNull(Path.of(SipParser.parse(Bytes.of("REGISTER sip:a SIP/2.0\r\n\r\n"))));
    Path p = Path.of(SipParser.parse(Bytes.of(
        "REGISTER sip:a SIP/2.0\r\nPath: <sip:p3;lr>\r\nVia: SIP/2.0/UDP h\r\nPath: <sip:p2;lr>, <sip:p1;lr>\r\n\r\n")));
    assertEquals(List.of("<sip:p3;lr>", "<sip:p2;lr>", "<sip:p1;lr>"), p.wireValues());
  }
}
