package io.parley.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LexTest {
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void lineEndAgreesWithAPlainScanOnRandomBytes() {
    SplittableRandom rnd = new SplittableRandom(42);
    byte[] alphabet = {'\r', '\n', 0, (byte) 0x8D, (byte) 0x8A, (byte) 0xFF, 0x0C, 0x0E, 'a', ' '};
    for (int round = 0; round < 20_000; round++) {
      byte[] buf = new byte[rnd.nextInt(40)];
      for (int i = 0; i < buf.length; i++) {
        buf[i] = rnd.nextInt(4) == 0 ? alphabet[rnd.nextInt(alphabet.length)] : (byte) rnd.nextInt(256);
      }
      int from = buf.length == 0 ? 0 : rnd.nextInt(buf.length + 1);
      int end = from + rnd.nextInt(buf.length - from + 1);
      int expected = from;
      while (expected < end && buf[expected] != '\r' && buf[expected] != '\n') {
        expected++;
      }
      assertEquals(expected, Lex.lineEnd(buf, from, end));
    }
  }

  @Test
  void skipLwsSkipsFoldsButNotLineEnds() {
    assertEquals(4, Lex.skipLws(b(" \r\n\tx"), 0, 5));
    assertEquals(3, Lex.skipLws(b("\n  x"), 0, 4));
    assertEquals(1, Lex.skipLws(b(" \r\nx"), 0, 4));
    assertEquals(0, Lex.skipLws(b("\r\n"), 0, 2));
    assertEquals(2, Lex.skipLws(b("  \r\n "), 0, 4), "a fold needs its white space inside the range");
  }

  @Test
  void parseDecimalCatchesOverflowBeforeItWraps() {
    assertEquals(4294967295L, Lex.parseDecimal(b("4294967295"), 0, 10, 0xFFFFFFFFL));
    assertEquals(-1, Lex.parseDecimal(b("4294967296"), 0, 10, 0xFFFFFFFFL));
    assertEquals(-1, Lex.parseDecimal(b("36893488147419103232"), 0, 20, Long.MAX_VALUE));
    assertEquals(-1, Lex.parseDecimal(b("99999999999999999999"), 0, 20, Long.MAX_VALUE));
    assertEquals(-1, Lex.parseDecimal(b(""), 0, 0, 10));
    assertEquals(-1, Lex.parseDecimal(b("1a"), 0, 2, 100));
    assertEquals(7, Lex.parseDecimal(b("007"), 0, 3, 100));
    assertEquals(Long.MAX_VALUE, Lex.parseDecimal(b("9223372036854775807"), 0, 19, Long.MAX_VALUE));
    assertEquals(-1, Lex.parseDecimal(b("9223372036854775808"), 0, 19, Long.MAX_VALUE));
    assertEquals(-1, Lex.parseDecimal(b("7"), 0, 1, 5));
    assertEquals(255, Lex.parseDecimal(b("255"), 0, 3, 255));
    assertEquals(-1, Lex.parseDecimal(b("256"), 0, 3, 255));
  }

  @Test
  void quotedStringsHonourQuotedPairs() {
    assertEquals(6, Lex.scanQuotedString(b("\"a\\\"b\"x"), 0, 7));
    assertEquals(-1, Lex.scanQuotedString(b("\"abc"), 0, 4));
    assertEquals(-1, Lex.scanQuotedString(b("\"a\\"), 0, 3));
    assertEquals(-1, Lex.scanQuotedString(b("\"a\\\r\n\""), 0, 6));
    assertEquals(-1, Lex.scanQuotedString(b("abc"), 0, 3));
  }

  @Test
  void listElementsEndAtTopLevelCommas() {
    byte[] v = b("\"a,b\" <sip:x,y>;p=1, next");
    assertEquals(19, Lex.listElementEnd(v, 0, v.length));
    assertEquals(v.length, Lex.listElementEnd(v, 20, v.length));
    assertEquals(4, Lex.listElementEnd(b("<a,b"), 0, 4), "an open bracket runs to the end");
  }

  @Test
  void tokenAndWordCharacterSets() {
    for (char c : "abcXYZ019-.!%*_+`'~".toCharArray()) {
      assertTrue(Lex.isTokenChar((byte) c), String.valueOf(c));
    }
    for (char c : " \t\"(),/:;<=>?@[\\]{}\r\n\0".toCharArray()) {
      assertFalse(Lex.isTokenChar((byte) c), String.valueOf((int) c));
    }
    assertFalse(Lex.isTokenChar((byte) 0xC3));
    for (char c : "()<>:\\\"/[]?{}".toCharArray()) {
      assertTrue(Lex.isWordChar((byte) c));
    }
    assertFalse(Lex.isWordChar((byte) '@'));
    assertFalse(Lex.isWordChar((byte) ';'));
  }

  @Test
  void equalsIgnoreCaseComparesAsciiOnly() {
    assertTrue(Lex.equalsIgnoreCase(b("CaLl-Id"), 0, 7, "call-id"));
    assertFalse(Lex.equalsIgnoreCase(b("call-i"), 0, 6, "call-id"));
    assertFalse(Lex.equalsIgnoreCase(b("@"), 0, 1, "`"), "only letters fold");
  }
}
