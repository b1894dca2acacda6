package io.parley.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash functions of HTTP/SIP Digest: MD5 (RFC 2617, RFC 7616 §3.2), SHA-256 (RFC 7616 §3.2)
 * and SHA-512/256 (RFC 7616 §3.2; for SIP, RFC 8760 §2.2). Each computes {@code H(data)} as the
 * lowercase hexadecimal digest of the UTF-8 octets of its argument (RFC 7616 §3.4.1, "LHEX").
 *
 * <p>The digest of one REGISTER needs three hashes (HA1 is stored, HA2 and the response are
 * computed), so every thread keeps its own {@link MessageDigest} and scratch buffers; nothing
 * is allocated per call but the result string. The wire tokens and their {@code -sess} variants
 * are parsed by {@link AlgorithmParameter}.
 */
public enum DigestAlgorithm {
  /** {@code MD5}: 32 hex digits; still what most SIP phones and SIPp speak. */
  MD5("MD5", "MD5"),
  /** {@code SHA-256}: 64 hex digits. */
  SHA_256("SHA-256", "SHA-256"),
  /** {@code SHA-512-256}: SHA-512/256 (FIPS 180-4), 64 hex digits. */
  SHA_512_256("SHA-512-256", "SHA-512/256");

  private final String token;
  private final String jcaName;
  private final ThreadLocal<DigestScratch> scratch;
  private final int hexLength;

  DigestAlgorithm(String token, String jcaName) {
    this.token = token;
    this.jcaName = jcaName;
    this.scratch = ThreadLocal.withInitial(() -> new DigestScratch(newDigest(jcaName)));
    this.hexLength = newDigest(jcaName).getDigestLength() * 2;
  }

  private static MessageDigest newDigest(String jcaName) {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE 9+ runtime must provide all three (SHA-512/256 since JDK 9).
      throw new IllegalStateException("this JVM lacks the " + jcaName + " message digest", e);
    }
  }

  /** The token of the {@code algorithm} parameter, e.g. {@code SHA-512-256} (RFC 7616 §3.3). */
  public String token() {
    return token;
  }

  /** The {@code -sess} token, e.g. {@code MD5-sess} (RFC 7616 §3.4.2). */
  public String sessionToken() {
    return token + "-sess";
  }

  /** Length of the lowercase hex digest: 32 for MD5, 64 for the SHA-2 algorithms. */
  public int hexLength() {
    return hexLength;
  }

  /** {@code H(data)}: the lowercase hex digest of the UTF-8 octets of {@code data}. */
  public String hash(String data) {
    DigestScratch s = scratch.get();
    s.append(data);
    return s.finish();
  }

  /**
   * {@code H(p1 ":" p2 ":" … ":" pn)} without building the joined string, the form every
   * digest value takes (RFC 7616 §3.4.1, §3.4.2, §3.4.3).
   */
  public String hashJoined(String... parts) {
    DigestScratch s = scratch.get();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        s.appendColon();
      }
      s.append(parts[i]);
    }
    return s.finish();
  }
}
