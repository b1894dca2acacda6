package io.parley.registrar;

import io.parley.auth.DigestAlgorithm;
import io.parley.auth.DigestResponse;
import io.parley.auth.Ha1;

/** What a UA puts in Authorization when it answers a challenge (RFC 7616 §3.4, qop=auth). */
public final class DigestUa {
  private DigestUa() {}

  /** The Authorization header field value for {@code REGISTER requestUri}. */
  public static String authorization(DigestAlgorithm algorithm, String username, String password, String realm,
      String nonce, String requestUri, int nc) {
    return authorization("REGISTER", algorithm, username, password, realm, nonce, requestUri, nc);
  }

  /** The (Proxy-)Authorization header field value for {@code method requestUri}. */
  public static String authorization(String method, DigestAlgorithm algorithm, String username, String password,
      String realm, String nonce, String requestUri, int nc) {
    String ha1 = Ha1.compute(algorithm, username, realm, password);
    String ncText = String.format("%08x", nc);
    String cnonce = "c" + nc + "x9";
    String response = DigestResponse.withQop(algorithm, ha1, nonce, ncText, cnonce, "auth", method, requestUri);
    return "Digest username=\"" + username + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\""
        + requestUri + "\", response=\"" + response + "\", algorithm=" + algorithm.token() + ", cnonce=\"" + cnonce
        + "\", qop=auth, nc=" + ncText;
  }

  /** The nonce of the first WWW-Authenticate (or Proxy-Authenticate) in a response's text. */
  public static String nonceIn(String response) {
    int i = response.indexOf("nonce=\"");
    if (i < 0) {
      throw new AssertionError("no nonce in " + response);
    }
    return response.substring(i + 7, response.indexOf('"', i + 7));
  }
}
