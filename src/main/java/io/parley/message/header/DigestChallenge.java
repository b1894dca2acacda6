package io.parley.message.header;

import io.parley.message.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A WWW-Authenticate or Proxy-Authenticate value (RFC 3261 §20.27, §20.44, §25.1 challenge;
 * RFC 7616 §3.3): realm, domain, nonce, opaque, stale, algorithm, qop options, charset and
 * userhash. Parsed from a response a client receives, built for the 401 and 407 a registrar and
 * proxy send.
 */
public final class DigestChallenge extends AuthValue {
  private DigestChallenge(Parts p) {
    super(p);
  }

  /**
   * Parses one challenge; a scheme other than Digest is kept unparsed.
   *
   * @throws SipParseException (400) when a Digest value is malformed
   */
  public static DigestChallenge parse(byte[] b, int off, int len) {
    return new DigestChallenge(read(b, off, len, "WWW-Authenticate"));
  }

  /** Parses one challenge from text. */
  public static DigestChallenge parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  /** A builder for a Digest challenge. */
  public static Builder builder() {
    return new Builder();
  }

  public String realm() {
    return param("realm");
  }

  /** The URIs of the protection space, split at spaces (RFC 7616 §3.3); empty when absent. */
  public List<String> domain() {
    return split(param("domain"), ' ');
  }

  public String nonce() {
    return param("nonce");
  }

  public String opaque() {
    return param("opaque");
  }

  /** Whether {@code stale=true}: the nonce expired but the credentials were good. */
  public boolean stale() {
    return flag("stale");
  }

  /** The algorithm; null when absent, which means MD5 (RFC 7616 §3.3). */
  public String algorithm() {
    return param("algorithm");
  }

  /** The offered qop values ("auth", "auth-int"), in order; empty when absent. */
  public List<String> qopOptions() {
    return split(param("qop"), ',');
  }

  public String charset() {
    return param("charset");
  }

  /** Whether {@code userhash=true} (RFC 7616 §3.3). */
  public boolean userhash() {
    return flag("userhash");
  }

  private static List<String> split(String v, char sep) {
    List<String> out = new ArrayList<>(2);
    if (v == null) {
      return out;
    }
    int i = 0;
    while (i <= v.length()) {
      int j = v.indexOf(sep, i);
      if (j < 0) {
        j = v.length();
      }
      String item = v.substring(i, j).trim();
      if (!item.isEmpty()) {
        out.add(item);
      }
      i = j + 1;
    }
    return out;
  }

  /** Writes a Digest challenge; unset fields are left out. */
  public static final class Builder {
    private String realm;
    private List<String> domain;
    private String nonce;
    private String opaque;
    private boolean stale;
    private String algorithm;
    private List<String> qop;
    private String charset;
    private boolean userhash;

    private Builder() {}

    public Builder realm(String v) {
      realm = v;
      return this;
    }

    /** The protection space URIs (RFC 7616 §3.3). */
    public Builder domain(List<String> uris) {
      domain = List.copyOf(uris);
      return this;
    }

    public Builder nonce(String v) {
      nonce = v;
      return this;
    }

    public Builder opaque(String v) {
      opaque = v;
      return this;
    }

    public Builder stale(boolean v) {
      stale = v;
      return this;
    }

    /** MD5, MD5-sess, SHA-256, SHA-256-sess, SHA-512-256, SHA-512-256-sess (RFC 7616 §3.3). */
    public Builder algorithm(String v) {
      algorithm = v;
      return this;
    }

    /** The qop options offered, e.g. "auth". */
    public Builder qop(String... options) {
      qop = List.of(options);
      return this;
    }

    public Builder charset(String v) {
      charset = v;
      return this;
    }

    public Builder userhash(boolean v) {
      userhash = v;
      return this;
    }

    /**
     * The challenge: realm, domain, nonce, opaque and qop quoted, stale, algorithm, charset and
     * userhash as tokens (RFC 7616 §3.3).
     */
    public DigestChallenge build() {
      Writer w = new Writer().quoted("realm", realm)
          .quoted("domain", domain == null ? null : String.join(" ", domain))
          .quoted("nonce", nonce).quoted("opaque", opaque);
      if (stale) {
        w.token("stale", "true");
      }
      w.token("algorithm", algorithm).quoted("qop", qop == null ? null : String.join(",", qop))
          .token("charset", charset);
      if (userhash) {
        w.token("userhash", "true");
      }
      return new DigestChallenge(readBuilt(w.text(), "WWW-Authenticate"));
    }
  }
}
