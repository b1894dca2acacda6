package io.parley.common;

/**
 * A 64-bit FNV-1a hash, fed step by step, with MurmurHash3's fmix64 to finish it so that every
 * input bit affects every output bit. Fast and allocation-free, for keys and identifiers that
 * need spread, not secrecy (never for anything an attacker must not forge: use an HMAC there).
 */
public final class Fnv64 {
  /** The FNV-1a offset basis: the hash of nothing. */
  public static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private Fnv64() {}

  /** {@code h} with one more value (a byte, a char, a separator) folded in. */
  public static long add(long h, long value) {
    return (h ^ value) * PRIME;
  }

  /** {@code h} with every char of {@code s} folded in. */
  public static long add(long h, CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * PRIME;
    }
    return h;
  }

  /** {@code h} with the bytes {@code b[from..to)} folded in, each as an unsigned octet. */
  public static long add(long h, byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      h = (h ^ (b[i] & 0xFF)) * PRIME;
    }
    return h;
  }

  /** MurmurHash3's fmix64 over {@code h}. */
  public static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
