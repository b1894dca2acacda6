package io.parley.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One Digest challenge, the value of a {@code WWW-Authenticate} (401) or
 * {@code Proxy-Authenticate} (407) header field (RFC 3261 §22.1, §22.3; RFC 7616 §3.3).
 *
 * @param realm the protection space; Parley uses the served domain (RFC 3261 §22.1)
 * @param nonce from {@link NonceService#issue}
 * @param opaque echoed back unchanged by the client, or {@code null} for none; Parley's nonces
 *     carry all the state, so it sends none
 * @param algorithm the hash this challenge asks for
 * @param qop {@code "auth"}, or {@code null} to omit qop and get RFC 2069 compatible credentials
 *     (what Kamailio's {@code www_challenge(…, "0")} sends)
 * @param stale {@code true} when the previous request's nonce had expired but its response was
 *     right, so the client retries without asking its user (RFC 7616 §3.3)
 */
public record ChallengeParams(String realm, String nonce, String opaque, DigestAlgorithm algorithm, String qop,
    boolean stale) {

  public ChallengeParams {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(algorithm, "algorithm");
    if (qop != null && !qop.equals("auth")) {
      throw new IllegalArgumentException("only qop \"auth\" is offered, not " + qop);
    }
    requireText("realm", realm);
    requireText("nonce", nonce);
    if (opaque != null) {
      requireText("opaque", opaque);
    }
  }

  /** A quoted-string holds no control characters (RFC 3261 §25.1 qdtext), so no CRLF can split the header. */
  private static void requireText(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new IllegalArgumentException(name + " contains a control character");
      }
    }
  }

  /**
   * One challenge per algorithm, in the given order, which is the order of preference (RFC 7616
   * §3.7: most preferred first; RFC 8760 §2.4 for SIP). They share the nonce, as in the
   * example of RFC 7616 §3.9.1: the nonce does not depend on the algorithm.
   */
  public static List<ChallengeParams> forAlgorithms(String realm, String nonce, String opaque,
      List<DigestAlgorithm> algorithms, String qop, boolean stale) {
    List<ChallengeParams> challenges = new ArrayList<>(algorithms.size());
    for (DigestAlgorithm a : algorithms) {
      challenges.add(new ChallengeParams(realm, nonce, opaque, a, qop, stale));
    }
    return List.copyOf(challenges);
  }

  /**
   * The header value, e.g. {@code Digest realm="example.com", nonce="…", algorithm=MD5,
   * qop="auth"}, then {@code , stale=true} when stale. realm, nonce, opaque and qop are
   * quoted-strings; algorithm and stale are tokens (RFC 7616 §3.3; RFC 3261 §25.1 for
   * quoted-pair escaping of {@code "} and {@code \}).
   */
  public String toHeaderValue() {
    StringBuilder b = new StringBuilder(64 + realm.length() + nonce.length());
    b.append("Digest realm=");
    quote(b, realm);
    b.append(", nonce=");
    quote(b, nonce);
    if (opaque != null) {
      b.append(", opaque=");
      quote(b, opaque);
    }
    b.append(", algorithm=").append(algorithm.token());
    if (qop != null) {
      b.append(", qop=\"").append(qop).append('"');
    }
    if (stale) {
      b.append(", stale=true");
    }
    return b.toString();
  }

  private static void quote(StringBuilder b, String value) {
    b.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    b.append('"');
  }
}
