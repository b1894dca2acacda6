package io.parley.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

/** Structural comparison of two parsed messages. */
final class MessageAssertions {
  private MessageAssertions() {}

  /** Same start line, same header names and values in the same order, same body. */
  static void assertSameMessage(SipMessage expected, SipMessage actual, String what) {
    assertEquals(expected.startLine(), actual.startLine(), what + ": start line");
    assertEquals(expected.headerCount(), actual.headerCount(), what + ": header count");
    for (int i = 0; i < expected.headerCount(); i++) {
      int field = i;
      assertEquals(expected.nameAt(i), actual.nameAt(i), () -> what + ": name of field " + field);
      assertEquals(expected.nameTextAt(i), actual.nameTextAt(i), () -> what + ": name of field " + field);
      assertArrayEquals(value(expected, i), value(actual, i), () -> what + ": value of field " + field);
    }
    assertArrayEquals(expected.body(), actual.body(), () -> what + ": body");
  }

  static byte[] value(SipMessage m, int i) {
    int off = m.valueOffset(i);
    return Arrays.copyOfRange(m.valueArray(i), off, off + m.valueLength(i));
  }
}
