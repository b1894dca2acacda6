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

  /** Random octets drawn from the DRBG at a time: one draw serves this many tags over eight. */
  static final int BATCH = 256;

  // One generator per thread: SecureRandom instances synchronize internally. A draw has a fixed
  // cost (locking, the DRBG's state update) far above that of eight octets, so octets are drawn
  // BATCH at a time and handed out in turn; each is used once.
  private static final ThreadLocal<Pool> POOL = ThreadLocal.withInitial(Pool::new);

  /**
   * The To tag of every response this process sends without transaction state: random, drawn once.
   * A final response sent that way creates no dialog (RFC 3261 §12.1), so one tag serves them all,
   * as Kamailio's {@code sl} module does; the ACK that echoes it is known to be for one of them.
   */
  private static final String STATELESS = "sl" + newTag();

  private Tags() {}

  /** This process's tag of stateless responses. */
  public static String stateless() {
    return STATELESS;
  }

  /** Whether {@code tag} (a To tag, may be null) is {@link #stateless()}. */
  public static boolean isStateless(String tag) {
    return STATELESS.equals(tag);
  }

  /** A new random tag. */
  public static String newTag() {
    long r = POOL.get().nextLong();
    char[] c = new char[16];
    for (int i = 15; i >= 0; i--) {
      c[i] = HEX[(int) (r & 0xF)];
      r >>>= 4;
    }
    return new String(c);
  }

  private static final class Pool {
    private final SecureRandom random = drbg();
    private final byte[] octets = new byte[BATCH];
    private int next = BATCH;

    long nextLong() {
      if (next + 8 > BATCH) {
        random.nextBytes(octets);
        next = 0;
      }
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (octets[next] & 0xff);
        octets[next++] = 0; // handed out: not kept in memory
      }
      return v;
    }
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
