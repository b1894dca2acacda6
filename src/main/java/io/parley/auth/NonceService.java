package io.parley.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and verifies nonces that every node of a cluster can check without shared state: RFC
 * 7616 §3.3 leaves the nonce's content to the server and suggests a time stamp and a hash with a
 * private key, which is what this is.
 *
 * <p>A nonce is the unpadded base64url (RFC 4648 §5) of {@value #RAW_LENGTH} octets, so always
 * {@value #LENGTH} characters and free of {@code "} and {@code \}:
 * <pre>
 *   version (1) | issued-at, ms since the epoch (8) | unique (8) | HMAC-SHA256(secret, the 17 octets before ":" realm) truncated to 16
 * </pre>
 * The unique part is a counter that starts at a random value, so two nonces of one node never
 * coincide and two nodes' coincide with negligible probability. The realm is inside the MAC, so
 * a nonce issued for one served domain does not verify for another. The version octet lets a
 * later format coexist with this one during a rolling upgrade.
 *
 * <p>Thread-safe. {@link Mac} is not, so each thread keeps its own, keyed once.
 */
public final class NonceService {
  private static final Logger log = LoggerFactory.getLogger(NonceService.class);

  static final byte VERSION = 1;
  static final int MAC_LENGTH = 16;
  static final int SIGNED_LENGTH = 1 + 8 + 8;
  static final int RAW_LENGTH = SIGNED_LENGTH + MAC_LENGTH;
  /** Characters of every nonce: 33 octets in base64 without padding. */
  public static final int LENGTH = RAW_LENGTH / 3 * 4;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final long lifetimeMillis;
  private final long skewMillis;
  private final Clock clock;
  private final AtomicLong unique;
  private final ThreadLocal<Mac> macs;
  private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[RAW_LENGTH]);

  /**
   * @param secret the HMAC-SHA256 key, shared by every node of the cluster; at least 16 octets
   * @param lifetime how long a nonce is {@link NonceStatus#VALID}; after that it is {@link NonceStatus#STALE}
   * @param clockSkew how far in the future an issue time may lie and still be accepted
   * @param clock the time nonces are stamped with and checked against
   */
  public NonceService(byte[] secret, Duration lifetime, Duration clockSkew, Clock clock) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < AuthSettings.MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("the nonce secret must have at least " + AuthSettings.MIN_SECRET_LENGTH + " octets");
    }
    if (lifetime.isNegative() || lifetime.isZero() || clockSkew.isNegative()) {
      throw new IllegalArgumentException("lifetime must be positive and clock skew not negative");
    }
    this.lifetimeMillis = lifetime.toMillis();
    this.skewMillis = clockSkew.toMillis();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.unique = new AtomicLong(new SecureRandom().nextLong());
    SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(() -> newMac(key));
    newMac(key); // fail at construction, not on the first request, if the JVM cannot
  }

  /**
   * A service with the configured secret, or with a random one and a warning when none is
   * configured (then nonces verify only on this process, and not after a restart).
   */
  public static NonceService create(AuthSettings settings, Clock clock) {
    byte[] secret;
    if (settings.hasSharedSecret()) {
      secret = settings.secret().getBytes(StandardCharsets.UTF_8);
    } else {
      secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      log.warn("parley.auth.secret is not set: nonces are signed with a random secret of this process. "
          + "A cluster needs one shared secret (PARLEY_AUTH_SECRET), or a nonce issued by one node "
          + "fails on another and its client is challenged again.");
    }
    return new NonceService(secret, settings.nonceLifetime(), settings.clockSkew(), clock);
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  public Duration lifetime() {
    return Duration.ofMillis(lifetimeMillis);
  }

  /** A fresh nonce for {@code realm}, stamped with the current time. */
  public String issue(String realm) {
    byte[] raw = new byte[RAW_LENGTH];
    raw[0] = VERSION;
    putLong(raw, 1, clock.millis());
    putLong(raw, 9, unique.getAndIncrement());
    sign(raw, realm, raw, SIGNED_LENGTH);
    return ENCODER.encodeToString(raw);
  }

  /**
   * Checks that {@code nonce} was issued for {@code realm} by a node with the same secret, and
   * how old it is. Only the length is looked at before the MAC, so any other input costs one
   * base64 decoding and one HMAC.
   */
  public NonceStatus verify(String nonce, String realm) {
    if (nonce == null || realm == null || nonce.length() != LENGTH) {
      return NonceStatus.INVALID;
    }
    byte[] raw = buffers.get();
    try {
      if (DECODER.decode(nonce.getBytes(StandardCharsets.ISO_8859_1), raw) != RAW_LENGTH) {
        return NonceStatus.INVALID;
      }
    } catch (IllegalArgumentException notBase64url) {
      return NonceStatus.INVALID;
    }
    if (raw[0] != VERSION) {
      return NonceStatus.INVALID;
    }
    byte[] expected = new byte[MAC_LENGTH];
    sign(raw, realm, expected, 0);
    if (!equalInConstantTime(expected, raw, SIGNED_LENGTH)) {
      return NonceStatus.INVALID;
    }
    long issuedAt = getLong(raw, 1);
    long now = clock.millis();
    if (issuedAt - now > skewMillis) {
      return NonceStatus.INVALID;
    }
    return now - issuedAt > lifetimeMillis ? NonceStatus.STALE : NonceStatus.VALID;
  }

  private void sign(byte[] raw, String realm, byte[] out, int outOffset) {
    Mac mac = macs.get();
    mac.update(raw, 0, SIGNED_LENGTH);
    mac.update((byte) ':');
    mac.update(realm.getBytes(StandardCharsets.UTF_8));
    byte[] full = mac.doFinal();
    System.arraycopy(full, 0, out, outOffset, MAC_LENGTH);
  }

  private static boolean equalInConstantTime(byte[] expected, byte[] raw, int offset) {
    int diff = 0;
    for (int i = 0; i < MAC_LENGTH; i++) {
      diff |= expected[i] ^ raw[offset + i];
    }
    return diff == 0;
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  private static long getLong(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xff);
    }
    return v;
  }
}
