package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParametersTest {

  @ParameterizedTest
  @ValueSource(strings = {
      ";tag=1918181833n", ";a;b=c;d=\"quoted \\\" value\"", ";received=[2001:db8::9:255];rport",
      ";received=2001:db8::9:255;branch=z9hG4bKas3", ";   tag    = 1918181833n",
      " ;\r\n  tag = 98asjd8", ";expires=3600;q=0.7;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"",
  })
  void roundTripsUnchangedBytes(String text) {
    byte[] in = text.getBytes(StandardCharsets.ISO_8859_1);
    Parameters p = Parameters.parse(in, 0, in.length);
    String trimmed = text.strip();
    assertArrayEquals(trimmed.getBytes(StandardCharsets.ISO_8859_1), p.toBytes());
    assertEquals(p, Parameters.parse(p.toString()));
  }

  @Test
  void readsNamesAndValues() {
    Parameters p = Parameters.parse(";Tag=abc;lr;x=\"a\\\"b\";received=[2001:db8::1];n=2001:db8::1");
    assertEquals(5, p.size());
    assertEquals(List.of("Tag", "lr", "x", "received", "n"), p.names());
    assertEquals("abc", p.get("tag"));
    assertEquals("abc", p.get("TAG"));
    assertEquals("", p.get("lr"));
    assertTrue(p.has("lr"));
    assertFalse(p.hasValue("lr"));
    assertTrue(p.hasValue("tag"));
    assertNull(p.get("missing"));
    assertEquals("a\"b", p.get("x"));
    assertEquals("\"a\\\"b\"", p.rawValue(2));
    assertTrue(p.isQuoted(2));
    assertNull(p.rawValue(1));
    assertEquals("[2001:db8::1]", p.get("received"));
    assertEquals("2001:db8::1", p.get("n"));
  }

  @Test
  void toleratesLwsAroundSeparators() {
    Parameters p = Parameters.parse(" ;   tag    = 1918181833n ;\r\n x\r\n\t= y ");
    assertEquals("1918181833n", p.get("tag"));
    assertEquals("y", p.get("x"));
  }

  @Test
  void emptyRangeIsEmpty() {
    assertSame(Parameters.EMPTY, Parameters.parse(""));
    assertTrue(Parameters.parse("  ").isEmpty());
    assertEquals("", Parameters.EMPTY.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {";", ";;", ";a;", ";a=", ";a=\"open", ";=b", "a=b", ";a b", ";a=[1::2",
      ";a=[zz]", ";a=b\r\nc", ";a=\"x\r\ny\""})
  void rejectsMalformed(String text) {
    assertThrows(SipParseException.class, () -> Parameters.parse(text), text);
  }

  @Test
  void withReplacesInPlaceOrAppends() {
    Parameters p = Parameters.parse(" ;  a = 1 ;B;c=\"x y\"");
    assertEquals(";A=2;B;c=\"x y\"", p.with("A", "2").toString());
    assertEquals(";a=1;B;c=\"x y\";d=4", p.with("d", "4").toString());
    assertEquals(";a=1;b=v;c=\"x y\"", p.with("b", "v").toString());
    assertEquals(";a=1;c=\"x y\"", p.without("b").toString());
    assertSame(p, p.without("zz"));
    assertEquals(";a=1;B;c=\"x y\";flag", p.with("flag", null).toString());
    assertEquals(";a=1;B;c=\"x y\";n=\"two words\"", p.with("n", "two words").toString());
    assertEquals(";a=1;B;c=\"x y\";n=\"t\"", p.withQuoted("n", "t").toString());
    assertEquals(";r=2001:db8::1", Parameters.EMPTY.with("r", "2001:db8::1").toString());
    assertEquals(";r=[2001:db8::1]", Parameters.EMPTY.with("r", "[2001:db8::1]").toString());
    assertEquals(";e=\"\"", Parameters.EMPTY.with("e", "").toString());
    assertThrows(IllegalArgumentException.class, () -> p.with("bad name", "x"));
  }
}
