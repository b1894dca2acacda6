package io.parley.message.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.HeaderName;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;
import io.parley.message.SipParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptionTagsTest {
  static OptionTags parse(String s) {
    byte[] b = Bytes.padded(s);
    return OptionTags.parse(b, 3, b.length - 6);
  }

  @Test
  void roundTrips() {
    OptionTags t = parse("100rel,timer ,\r\n replaces");
    assertEquals(List.of("100rel", "timer", "replaces"), t.tags());
    assertEquals("100rel, timer, replaces", t.toString());
    assertEquals(t, parse(t.toString()));
    assertTrue(t.contains("timer"));
    assertFalse(t.contains("Timer"), "option tags are case-sensitive");
  }

  @Test
  void anEmptyValueIsNoTags() {
    assertTrue(parse("  ").isEmpty());
    assertEquals("", parse("").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a,,b", ",a", "a,", "a b", "a;b", "\"a\""})
  void rejects(String s) {
    assertThrows(SipParseException.class, () -> parse(s));
  }

  @Test
  void ofMergesFieldsAndNeedsATagWhereTheGrammarDoes() {
    SipMessage m = SipParser.parse(Bytes.of("INVITE sip:a@b SIP/2.0\r\nRequire: foo\r\nk: timer\r\n"
        + "Require: bar, baz\r\nSupported:\r\nProxy-Require:\r\n\r\n"));
    assertEquals(List.of("foo", "bar", "baz"), OptionTags.of(m, HeaderName.REQUIRE).tags());
    assertEquals(List.of("timer"), OptionTags.of(m, HeaderName.SUPPORTED).tags());
    assertTrue(OptionTags.of(m, HeaderName.UNSUPPORTED).isEmpty());
    assertThrows(SipParseException.class, () -> OptionTags.of(m, HeaderName.PROXY_REQUIRE));
  }
}
