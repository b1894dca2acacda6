package io.parley.auth;

/**
 * The {@code response} value of Digest credentials and its comparison. Only {@code qop=auth} and
 * the RFC 2069 form without qop are computed; {@code auth-int} would hash the body into HA2
 * (RFC 7616 §3.4.3) and is refused by {@link DigestVerifier}: Parley never offers it, and a SIP
 * proxy must not depend on bodies it otherwise forwards untouched.
 */
public final class DigestResponse {
  private DigestResponse() {}

  /** {@code HA2 = H(method ":" digest-uri)} for {@code qop=auth} or no qop (RFC 7616 §3.4.3, RFC 2617 §3.2.2.3). */
  public static String ha2(DigestAlgorithm algorithm, String method, String digestUri) {
    return algorithm.hashJoined(method, digestUri);
  }

  /**
   * {@code H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)} (RFC 7616 §3.4.1). {@code nc} is
   * the 8 hex digits exactly as the client sent them: the client hashed that text.
   */
  public static String withQop(DigestAlgorithm algorithm, String ha1, String nonce, String nc, String cnonce,
      String qop, String method, String digestUri) {
    return algorithm.hashJoined(ha1, nonce, nc, cnonce, qop, ha2(algorithm, method, digestUri));
  }

  /** {@code H(HA1 ":" nonce ":" HA2)}: no qop, the RFC 2069 compatible form (RFC 2617 §3.2.2.1). */
  public static String withoutQop(DigestAlgorithm algorithm, String ha1, String nonce, String method,
      String digestUri) {
    return algorithm.hashJoined(ha1, nonce, ha2(algorithm, method, digestUri));
  }

  /**
   * Compares an expected lowercase hex digest with the one received, in time that depends on
   * the length only, so that timing does not reveal how many leading digits were right. Hex
   * letters received in upper case are accepted: RFC 7616 says LHEX, some clients send HEX.
   */
  public static boolean matches(String expected, String received) {
    if (expected == null || received == null || expected.length() != received.length()) {
      return false;
    }
    int diff = 0;
    for (int i = 0; i < expected.length(); i++) {
      int c = received.charAt(i);
      // Folds 'A'-'F' to 'a'-'f' without a branch on the secret-dependent comparison.
      int isUpperHex = ((c - 'A') | ('F' - c)) >>> 31 ^ 1;
      c |= isUpperHex << 5;
      diff |= expected.charAt(i) ^ c;
    }
    return diff == 0;
  }
}
