package io.parley.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.HeaderName;
import io.parley.message.MessageBuilder;
import io.parley.message.SipMessage;
import io.parley.message.SipParser;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nathelper's fix_nated_contact as {@code parley.nat.fix-contact} does it. */
class ContactFixTest {

  private static SipMessage invite(String... contacts) {
    StringBuilder sb = new StringBuilder("INVITE sip:bob@example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK-cf;rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:alice@example.com>;tag=a\r\n"
        + "To: <sip:bob@example.com>\r\n"
        + "Call-ID: cf-1\r\n"
        + "CSeq: 1 INVITE\r\n");
    for (String c : contacts) {
      sb.append("Contact: ").append(c).append("\r\n");
    }
    return SipParser.parse(sb.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> fixed(SipMessage m, InetSocketAddress source, boolean expected) {
    MessageBuilder b = MessageBuilder.edit(m);
    assertEquals(expected, ContactFix.apply(b, m, source));
    return SipParser.parse(b.build()).values(HeaderName.CONTACT);
  }

  @Test
  void hostAndPortBecomeTheSourceTheRestStays() {
    SipMessage m = invite("\"Alice\" <sip:alice@10.0.0.2:5060;transport=udp;ob>;expires=60;+sip.instance=\"<urn:uuid:a>\"");
    assertEquals(List.of("\"Alice\" <sip:alice@203.0.113.7:40001;transport=udp;ob>;expires=60;+sip.instance=\"<urn:uuid:a>\""),
        fixed(m, new InetSocketAddress("203.0.113.7", 40001), true));
  }

  @Test
  void anIpv6SourceIsWrittenInBrackets() {
    assertEquals(List.of("<sip:alice@[2001:db8:0:0:0:0:0:7]:40001>"),
        fixed(invite("<sip:alice@10.0.0.2>"), new InetSocketAddress("2001:db8::7", 40001), true));
  }

  @Test
  void noOneOrSeveralOrNotSipIsLeftAlone() {
    InetSocketAddress source = new InetSocketAddress("203.0.113.7", 40001);
    assertEquals(List.of(), fixed(invite(), source, false));
    assertEquals("<sip:a@10.0.0.2>, <sip:b@10.0.0.3>",
        String.join(", ", fixed(invite("<sip:a@10.0.0.2>, <sip:b@10.0.0.3>"), source, false)));
    assertEquals(List.of("<tel:+15551234>"), fixed(invite("<tel:+15551234>"), source, false));
    assertFalse(ContactFix.apply(MessageBuilder.edit(invite("<sip:a@10.0.0.2>")), invite("<sip:a@10.0.0.2>"), null));
    assertTrue(ContactFix.KEY.startsWith("parley.nat."));
  }
}
