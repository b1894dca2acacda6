package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParseException;
import io.parley.message.uri.SipUri;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContactTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "<sip:alice@pc33.atlanta.com>",
      "\"Mr. Watson\" <sip:watson@worcester.bell-telephone.com>;q=0.7; expires=3600",
      "<sip:line1@192.0.2.2;transport=tcp>;reg-id=1;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"",
      "sip:+19725552222@gw1.example.net;unknownparam",
  })
  void roundTripsUnchangedBytes(String text) {
    byte[] in = text.getBytes(StandardCharsets.ISO_8859_1);
    Contact c = Contact.parse(in, 0, in.length);
    assertArrayEquals(in, c.toBytes());
    assertEquals(c, Contact.parse(c.toString()));
    assertArrayEquals(in, c.nameAddr().toBytes());
  }

  @Test
  void readsRegistrationParameters() {
    Contact c = Contact.parse("<sip:line1@192.0.2.2;transport=tcp>;reg-id=1;q=0.7;expires=3600;"
        + "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"");
    assertFalse(c.isWildcard());
    assertEquals(3600, c.expires());
    assertEquals(700, c.qThousandths());
    assertEquals(1, c.regId());
    assertEquals("<urn:uuid:00000000-0000-1000-8000-000A95A0E128>", c.instance());
    assertEquals("tcp", c.sipUri().transport());
  }

  @Test
  void absentParametersAreMinusOne() {
    Contact c = Contact.parse("<sip:a@b.com>");
    assertEquals(-1, c.expires());
    assertEquals(-1, c.qThousandths());
    assertEquals(-1, c.regId());
    assertNull(c.instance());
  }

  @Test
  void qValues() {
    assertEquals(0, q("0"));
    assertEquals(0, q("0."));
    assertEquals(1000, q("1"));
    assertEquals(1000, q("1.000"));
    assertEquals(330, q("0.33"));
    assertEquals(5, q("0.005"));
    assertEquals(999, q("0.999"));
    for (String bad : new String[] {"1.001", "2", "0.1234", ".5", "0,5", "1.5", "\"0.5\"", "x"}) {
      assertThrows(SipParseException.class, () -> q(bad), bad);
    }
  }

  private static int q(String v) {
    return Contact.parse("<sip:a@b.com>;q=" + v).qThousandths();
  }

  @Test
  void expiresSaturatesAndMustBeDigits() {
    assertEquals(Contact.MAX_EXPIRES, Contact.parse("<sip:a@b.com>;expires=4294967296").expires());
    assertEquals(Contact.MAX_EXPIRES,
        Contact.parse("<sip:a@b.com>;expires=99999999999999999999999999").expires());
    assertEquals(0, Contact.parse("<sip:a@b.com>;expires=0").expires());
    assertThrows(SipParseException.class, () -> Contact.parse("<sip:a@b.com>;expires=-1"));
    assertThrows(SipParseException.class, () -> Contact.parse("<sip:a@b.com>;expires"));
    assertThrows(SipParseException.class, () -> Contact.parse("<sip:a@b.com>;reg-id=0"));
    assertThrows(SipParseException.class, () -> Contact.parse("<sip:a@b.com>;reg-id=2147483648x"));
  }

  @Test
  void wildcard() {
    List<Contact> list = Contact.parseList("  *  ");
    assertEquals(1, list.size());
    assertTrue(list.get(0).isWildcard());
    assertEquals("*", list.get(0).toString());
    assertNull(list.get(0).uri());
    assertTrue(list.get(0).params().isEmpty());
    assertTrue(Contact.wildcard().isWildcard());
    assertThrows(SipParseException.class, () -> Contact.parseList("*, <sip:a@b.com>"));
    assertThrows(SipParseException.class, () -> Contact.parseList("*;expires=0"));
    assertThrows(SipParseException.class, () -> Contact.parse("*"));
    assertThrows(IllegalStateException.class, () -> Contact.wildcard().withExpires(0));
  }

  @Test
  void parsesLists() {
    List<Contact> list = Contact.parseList(
        "<sip:a@h1.example.com>;expires=60, sip:b@h2.example.com;q=0.5 ,\r\n \"C\" <sip:c@h3.example.com>");
    assertEquals(3, list.size());
    assertEquals(60, list.get(0).expires());
    assertEquals(500, list.get(1).qThousandths());
    assertEquals("h2.example.com", list.get(1).sipUri().host());
    assertEquals("C", list.get(2).nameAddr().displayName());
  }

  @Test
  void buildsForA200() {
    Contact c = Contact.of(SipUri.parse("sip:alice@192.0.2.4:5060")).withExpires(3600);
    assertEquals("<sip:alice@192.0.2.4:5060>;expires=3600", c.toString());
    assertEquals(3600, c.expires());
    assertEquals("<sip:alice@192.0.2.4:5060>;expires=7200", c.withExpires(7200).toString());
    assertEquals("<sip:alice@192.0.2.4:5060>", c.withoutParam("expires").toString());
    assertEquals(0, c.withExpires(-5).expires());
    assertThrows(IllegalArgumentException.class, () -> c.withParam("q", "7"));
    assertThrows(IllegalArgumentException.class,
        () -> Contact.of(NameAddr.parse("<sip:a@b.com>;expires=soon")));
  }
}
