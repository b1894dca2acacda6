package io.parley.common;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * From/To tags (RFC 3261 §19.3): "globally unique and cryptographically random with at least 32
 * bits of randomness". Ours carry 64 random bits from a per-thread DRBG, as 16 lower-case hex
 * digits, which are {@code token} characters.
 */
public final class Tags {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  // One generator per thread: SecureRandom instances synchronize internally.
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Tags::drbg);

  private Tags() {}

  /** A new random tag. */
  public static String newTag() {
    long r = RANDOM.get().nextLong();
    char[] c = new char[16];
    for (int i = 15; i >= 0; i--) {
      c[i] = HEX[(int) (r & 0xF)];
      r >>>= 4;
    }
    return new String(c);
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
