package io.parley.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TagsTest {

  /** RFC 3261 §19.3: unique, random, token characters; across many refills of the octet pool. */
  @Test
  void tagsAreSixteenHexDigitsAndNeverRepeat() {
    int count = 40 * Tags.BATCH / 8;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      String tag = Tags.newTag();
      assertTrue(tag.matches("[0-9a-f]{16}"), tag);
      seen.add(tag);
    }
    assertEquals(count, seen.size(), "a tag came twice");
  }

  /** Every octet position carries randomness: no hex digit position is stuck. */
  @Test
  void everyDigitVaries() {
    Set<Character>[] digits = new Set[16];
    for (int i = 0; i < 16; i++) {
      digits[i] = new HashSet<>();
    }
    for (int n = 0; n < 2000; n++) {
      String tag = Tags.newTag();
      for (int i = 0; i < 16; i++) {
        digits[i].add(tag.charAt(i));
      }
    }
    for (int i = 0; i < 16; i++) {
      assertEquals(16, digits[i].size(), "digit " + i + " took only " + digits[i]);
    }
  }
}
