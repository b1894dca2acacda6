package io.parley.auth;

/**
 * The parameters of Digest credentials, an {@code Authorization} or {@code Proxy-Authorization}
 * header field value (RFC 3261 §22.2, §22.3; RFC 7616 §3.4), unquoted, as plain strings. The
 * caller picks the credentials whose realm is its own (RFC 3261 §22.3) and maps them here; an
 * absent parameter is {@code null}.
 *
 * @param username the user name, as in the subscriber table
 * @param realm the realm the client answered
 * @param nonce the server nonce the client answered
 * @param uri the digest-uri, normally the Request-URI (RFC 7616 §3.4.6)
 * @param response the digest the client computed, lowercase hex
 * @param algorithm the algorithm token, e.g. {@code MD5} or {@code SHA-256-sess}; {@code null} means MD5
 * @param cnonce the client nonce; required with qop
 * @param nc the nonce count, 8 hex digits; required with qop
 * @param qop the quality of protection chosen, {@code auth} or {@code auth-int}, or {@code null}
 *     for RFC 2069 compatible credentials
 * @param opaque echoed from the challenge; Parley sends none and ignores it
 */
public record Credentials(String username, String realm, String nonce, String uri, String response, String algorithm,
    String cnonce, String nc, String qop, String opaque) {

  @Override
  public String toString() {
    // No response: a log line must not be enough to attempt an offline dictionary attack.
    return "Credentials[username=" + username + ", realm=" + realm + ", uri=" + uri + ", algorithm=" + algorithm
        + ", qop=" + qop + ", nc=" + nc + "]";
  }
}
