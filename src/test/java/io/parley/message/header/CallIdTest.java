package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallIdTest {
  static CallId parse(String s) {
    byte[] b = Bytes.padded(s);
    return CallId.parse(b, 3, b.length - 6);
  }

  @Test
  void roundTrips() {
    CallId c = parse(" a84b4c76e66710@pc33.atlanta.example.com ");
    assertEquals("a84b4c76e66710@pc33.atlanta.example.com", c.value());
    assertEquals(c.value(), c.toString());
    assertEquals(c, parse(c.toString()));
  }

  @Test
  void wordsMayHoldOddCharactersAndCaseMatters() {
    assertEquals("()<>:\\\"/[]?{}-.!%*_+`'~@x", parse("()<>:\\\"/[]?{}-.!%*_+`'~@x").value());
    assertEquals("no-at-sign", parse("no-at-sign").value());
    assertNotEquals(parse("ABC"), parse("abc"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a@", "@b", "a@b@c", "a b", "a,b", "a;b", "é"})
  void rejects(String s) {
    assertThrows(SipParseException.class, () -> parse(s));
  }

  @Test
  void constructorChecksTheGrammarToo() {
    assertThrows(IllegalArgumentException.class, () -> new CallId("a b"));
    assertThrows(IllegalArgumentException.class, () -> new CallId("é"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a@", "@b", "a@b@c", "a\u007Fb", "a\u0141b", "a@b "})
  void constructorRejectsWhatParseRejects(String s) {
    assertThrows(IllegalArgumentException.class, () -> new CallId(s));
  }

  @Test
  void constructorAcceptsWordAtWord() {
    assertEquals("()<>:\\\"/[]?{}-.!%*_+`'~@x", new CallId("()<>:\\\"/[]?{}-.!%*_+`'~@x").value());
  }

  @Test
  void parseTextIsTheTextParseKeeps() {
    byte[] b = Bytes.padded(" abc@def ");
    assertEquals(CallId.parse(b, 3, b.length - 6).value(), CallId.parseText(b, 3, b.length - 6));
    assertEquals("abc@def", CallId.parseText(b, 3, b.length - 6));
    byte[] bad = Bytes.padded("a@");
    assertThrows(SipParseException.class, () -> CallId.parseText(bad, 3, bad.length - 6));
  }

  @Test
  void ofReadsTheCompactFormAndRefusesTwo() {
    assertEquals("x@y", CallId.of(SipParser.parse(Bytes.of("OPTIONS sip:a@b SIP/2.0\r\ni: x@y\r\n\r\n"))).value());
    assertThrows(SipParseException.class,
        () -> CallId.of(SipParser.parse(Bytes.of("OPTIONS sip:a@b SIP/2.0\r\ni: x@y\r\nCall-ID: z\r\n\r\n"))));
  }
}
