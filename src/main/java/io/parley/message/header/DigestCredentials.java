package io.parley.message.header;

import io.parley.message.SipParseException;
import java.nio.charset.StandardCharsets;

/**
 * An Authorization or Proxy-Authorization value (RFC 3261 §20.7, §20.28, §25.1 credentials;
 * RFC 7616 §3.4). Accessors return unquoted values; {@link #rawParam} the text as sent, which
 * is what a response is computed over when a client quoted what it should not have.
 */
public final class DigestCredentials extends AuthValue {
  private DigestCredentials(Parts p) {
    super(p);
  }

  /**
   * Parses a credentials value; a scheme other than Digest is kept unparsed.
   *
   * @throws SipParseException (400) when a Digest value is malformed
   */
  public static DigestCredentials parse(byte[] b, int off, int len) {
    return new DigestCredentials(read(b, off, len, "Authorization"));
  }

  /** Parses a credentials value from text. */
  public static DigestCredentials parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  /** A builder for Digest credentials, as a client or a test writes them. */
  public static Builder builder() {
    return new Builder();
  }

  public String username() {
    return param("username");
  }

  public String realm() {
    return param("realm");
  }

  public String nonce() {
    return param("nonce");
  }

  /** The digest-uri, the Request-URI the response was computed over. */
  public String uri() {
    return param("uri");
  }

  public String response() {
    return param("response");
  }

  /** The algorithm; null when absent, which RFC 7616 §3.4 reads as MD5. */
  public String algorithm() {
    return param("algorithm");
  }

  public String cnonce() {
    return param("cnonce");
  }

  public String opaque() {
    return param("opaque");
  }

  /** The chosen qop ("auth" or "auth-int"), or null. */
  public String qop() {
    return param("qop");
  }

  /** The nonce count, 8 hex digits as sent, or null. */
  public String nc() {
    return param("nc");
  }

  /** Whether {@code userhash=true} (RFC 7616 §3.4.4). */
  public boolean userhash() {
    return flag("userhash");
  }

  /** Writes Digest credentials; unset fields are left out. */
  public static final class Builder {
    private String username;
    private String realm;
    private String nonce;
    private String uri;
    private String response;
    private String algorithm;
    private String cnonce;
    private String opaque;
    private String qop;
    private String nc;
    private boolean userhash;

    private Builder() {}

    public Builder username(String v) {
      username = v;
      return this;
    }

    public Builder realm(String v) {
      realm = v;
      return this;
    }

    public Builder nonce(String v) {
      nonce = v;
      return this;
    }

    public Builder uri(String v) {
      uri = v;
      return this;
    }

    public Builder response(String v) {
      response = v;
      return this;
    }

    public Builder algorithm(String v) {
      algorithm = v;
      return this;
    }

    public Builder cnonce(String v) {
      cnonce = v;
      return this;
    }

    public Builder opaque(String v) {
      opaque = v;
      return this;
    }

    public Builder qop(String v) {
      qop = v;
      return this;
    }

    /** The nonce count as a number, written as 8 hex digits. */
    public Builder nc(long count) {
      nc = String.format("%08x", count);
      return this;
    }

    public Builder userhash(boolean v) {
      userhash = v;
      return this;
    }

    /**
     * The credentials: quoted values for username, realm, nonce, uri, response, cnonce and
     * opaque, tokens for algorithm, qop and nc (RFC 7616 §3.4).
     */
    public DigestCredentials build() {
      Writer w = new Writer().quoted("username", username).quoted("realm", realm)
          .quoted("nonce", nonce).quoted("uri", uri).quoted("response", response)
          .token("algorithm", algorithm).quoted("cnonce", cnonce).quoted("opaque", opaque)
          .token("qop", qop).token("nc", nc);
      if (userhash) {
        w.token("userhash", "true");
      }
      return new DigestCredentials(readBuilt(w.text(), "Authorization"));
    }
  }
}
