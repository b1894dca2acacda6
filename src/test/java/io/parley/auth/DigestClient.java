package io.parley.auth;

/** What a UA does with a challenge (RFC 7616 §3.4), to produce credentials for the tests. */
final class DigestClient {
  private DigestClient() {}

  static Credentials answer(String username, String password, String realm, String nonce, String method, String uri,
      String algorithmToken, String qop, String nc, String cnonce) {
    AlgorithmParameter a = AlgorithmParameter.parse(algorithmToken).orElseThrow();
    String ha1 = Ha1.compute(a.algorithm(), username, realm, password);
    if (a.session()) {
      ha1 = Ha1.session(a.algorithm(), ha1, nonce, cnonce);
    }
    String response = qop == null
        ? DigestResponse.withoutQop(a.algorithm(), ha1, nonce, method, uri)
        : DigestResponse.withQop(a.algorithm(), ha1, nonce, nc, cnonce, qop, method, uri);
    return new Credentials(username, realm, nonce, uri, response, algorithmToken, cnonce, nc, qop, null);
  }
}
