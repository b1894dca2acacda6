package io.parley.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Fnv64Test {
  @Test
  void matchesThePublishedFnv1aVectors() {
    // FNV-1a 64-bit test vectors (Fowler/Noll/Vo): "" , "a", "foobar"
    assertEquals(0xcbf29ce484222325L, Fnv64.OFFSET);
    assertEquals(0xaf63dc4c8601ec8cL, Fnv64.add(Fnv64.OFFSET, "a"));
    assertEquals(0x85944171f73967e8L, Fnv64.add(Fnv64.OFFSET, "foobar"));
    byte[] foobar = "foobar".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0x85944171f73967e8L, Fnv64.add(Fnv64.OFFSET, foobar, 0, foobar.length));
  }

  @Test
  void finishingSpreadsASingleBitOverTheWord() {
    long a = Fnv64.finish(1L);
    long b = Fnv64.finish(2L);
    assertNotEquals(a, b);
    assertEquals(0, Fnv64.finish(0L), "fmix64 keeps zero at zero");
    int differing = Long.bitCount(a ^ b);
    if (differing < 16) {
      throw new AssertionError("only " + differing + " bits differ");
    }
  }
}
