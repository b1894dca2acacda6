package io.parley.message.uri;

import io.parley.message.SipParseException;
import java.nio.charset.StandardCharsets;

/**
 * A {@code sip:} or {@code sips:} URI (RFC 3261 §19.1), kept as the octets it was read from
 * plus the offsets of its parts; parts are decoded only when asked for.
 *
 * <p>Raw accessors return the text as written, escapes included; {@link #userUnescaped()}
 * resolves escapes exactly once and keeps escaped NULs (RFC 4475 §3.1.1.3, §3.1.1.4).
 * {@link #equivalent(SipUri)} is the comparison of RFC 3261 §19.1.4; {@link #equals} is
 * octet equality.
 */
public final class SipUri extends WireForm implements Uri {
  private final boolean secure;
  private final int userOff;
  private final int userLen;
  private final int passOff;
  private final int passLen;
  private final int hostOff;
  private final int hostLen;
  private final int port;
  private final int paramsOff;
  private final int paramsEnd;
  private final int headersOff;

  SipUri(byte[] b, int off, int len, boolean secure, int userOff, int userLen, int passOff,
      int passLen, int hostOff, int hostLen, int port, int paramsOff, int paramsEnd,
      int headersOff) {
    super(b, off, len);
    this.secure = secure;
    this.userOff = userOff;
    this.userLen = userLen;
    this.passOff = passOff;
    this.passLen = passLen;
    this.hostOff = hostOff;
    this.hostLen = hostLen;
    this.port = port;
    this.paramsOff = paramsOff;
    this.paramsEnd = paramsEnd;
    this.headersOff = headersOff;
  }

  /**
   * Parses a SIP or SIPS URI in {@code b[off, off+len)}; surrounding LWS is ignored.
   *
   * @throws SipParseException (400) when the range is not a SIP or SIPS URI
   */
  public static SipUri parse(byte[] b, int off, int len) {
    Uri uri = Uri.parse(b, off, len);
    if (uri instanceof SipUri sip) {
      return sip;
    }
    throw SipParseException.badRequest("bad SIP URI: scheme is not sip or sips");
  }

  /** Parses a SIP or SIPS URI from text. */
  public static SipUri parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  static SipUri parseAfterScheme(byte[] b, int start, int end, boolean secure, int p,
      boolean prefix) {
    return SipUriParser.parse(b, start, end, secure, p, prefix);
  }

  /** A builder for a new URI. */
  public static SipUriBuilder builder() {
    return new SipUriBuilder();
  }

  /** {@code sip:host[:port]}; an IPv6 address gets its brackets; port -1 for none. */
  public static SipUri of(String host, int port) {
    return builder().host(host).port(port).build();
  }

  /** A builder holding every part of this URI, to change some of them. */
  public SipUriBuilder toBuilder() {
    SipUriBuilder b = builder().secure(secure).hostRaw(host()).port(port);
    if (userOff >= 0) {
      b.userRaw(user());
      if (passOff >= 0) {
        b.passwordRaw(password());
      }
    }
    for (int at = paramsOff; at >= 0 && at < paramsEnd; at = UriParams.next(buf, at + 1, paramsEnd)) {
      b.paramRaw(new String(buf, at + 1, UriParams.next(buf, at + 1, paramsEnd) - at - 1,
          StandardCharsets.ISO_8859_1));
    }
    if (headersOff >= 0) {
      b.headersRaw(latin1(headersOff, off + len - headersOff));
    }
    return b;
  }

  /** This URI with parameter {@code name} set to {@code value} (null: a flag like {@code lr}). */
  public SipUri withParam(String name, String value) {
    return toBuilder().param(name, value).build();
  }

  /** This URI without parameter {@code name}. */
  public SipUri withoutParam(String name) {
    if (!hasParam(name)) {
      return this;
    }
    return toBuilder().removeParam(name).build();
  }

  /** This URI without its {@code ?headers} part (RFC 3261 §19.1.5, §16.5). */
  public SipUri withoutHeaders() {
    return headersOff < 0 ? this : toBuilder().headersRaw(null).build();
  }

  @Override
  public String scheme() {
    return secure ? "sips" : "sip";
  }

  /** Whether the scheme is {@code sips} (RFC 3261 §19.1). */
  public boolean isSecure() {
    return secure;
  }

  /** Whether the URI has a userinfo part. */
  public boolean hasUser() {
    return userOff >= 0;
  }

  /** The user part as written, escapes included, or null. */
  public String user() {
    return userOff < 0 ? null : latin1(userOff, userLen);
  }

  /** The user part with escapes resolved once, decoded as UTF-8, or null. */
  public String userUnescaped() {
    return userOff < 0 ? null : PercentEscapes.unescapeToString(buf, userOff, userLen);
  }

  /** The unescaped octets of the user part, or null: the form to compare and store. */
  public byte[] userOctets() {
    return userOff < 0 ? null : PercentEscapes.unescape(buf, userOff, userLen);
  }

  /** The password as written, or null when there is none. */
  public String password() {
    return passOff < 0 ? null : latin1(passOff, passLen);
  }

  /** The host as written; an IPv6 reference keeps its brackets. */
  public String host() {
    return latin1(hostOff, hostLen);
  }

  /** Whether the host is an IPv6 reference. */
  public boolean isIpv6() {
    return buf[hostOff] == '[';
  }

  /** The port, or -1 when the URI names none. */
  public int port() {
    return port;
  }

  /** The port, or {@code dflt} when the URI names none. */
  public int portOr(int dflt) {
    return port < 0 ? dflt : port;
  }

  /** Whether the URI has uri-parameter {@code name} (case-insensitive, escapes resolved). */
  public boolean hasParam(String name) {
    return paramsOff >= 0 && UriParams.find(buf, paramsOff, paramsEnd, name) >= 0;
  }

  /** The raw value of uri-parameter {@code name}: "" if it has no value, null if absent. */
  public String param(String name) {
    return paramsOff < 0 ? null
        : UriParams.value(buf, UriParams.find(buf, paramsOff, paramsEnd, name), paramsEnd);
  }

  /** The value of {@code name} with escapes resolved once (UTF-8), or null if absent. */
  public String paramUnescaped(String name) {
    String raw = param(name);
    if (raw == null) {
      return null;
    }
    byte[] b = raw.getBytes(StandardCharsets.ISO_8859_1);
    return PercentEscapes.unescapeToString(b, 0, b.length);
  }

  /** The uri-parameters as written, from the first ';', or "" when there are none. */
  public String paramsText() {
    return paramsOff < 0 ? "" : latin1(paramsOff, paramsEnd - paramsOff);
  }

  /** The {@code transport} parameter, or null. */
  public String transport() {
    return param("transport");
  }

  /** The {@code maddr} parameter, or null. */
  public String maddr() {
    return param("maddr");
  }

  /** The {@code ttl} parameter (checked to be 0..255 at parse), or -1. */
  public int ttl() {
    String v = param("ttl");
    return v == null || v.isEmpty() ? -1 : Integer.parseInt(v);
  }

  /** The {@code user} parameter ("phone", "ip", ...), or null. */
  public String userParam() {
    return param("user");
  }

  /** The {@code method} parameter, or null. */
  public String method() {
    return param("method");
  }

  /** Whether the URI carries {@code lr}, with or without a value (RFC 3261 §19.1.1, §16.4). */
  public boolean lr() {
    return hasParam("lr");
  }

  /** Whether the URI has a {@code ?headers} part. */
  public boolean hasHeaders() {
    return headersOff >= 0;
  }

  /** The headers part as written, after the '?', or null. */
  public String headers() {
    return headersOff < 0 ? null : latin1(headersOff, off + len - headersOff);
  }

  /** The raw value of header {@code name} in the {@code ?headers} part, or null. */
  public String header(String name) {
    if (headersOff < 0) {
      return null;
    }
    int end = off + len;
    int i = headersOff;
    while (i < end) {
      int eq = SipChars.indexOf(buf, i, end, (byte) '=');
      int amp = SipChars.indexOf(buf, eq, end, (byte) '&');
      int stop = amp < 0 ? end : amp;
      if (PercentEscapes.equalsIgnoreCaseUnescaped(buf, i, eq - i, name)) {
        return latin1(eq + 1, stop - eq - 1);
      }
      i = stop + 1;
    }
    return null;
  }

  /**
   * Whether this URI's host is {@code host} (case-insensitive; IPv6 addresses compared as
   * addresses, with or without brackets) and its port is {@code port} (-1 matches no port).
   */
  public boolean hasHostPort(String host, int port) {
    return this.port == port && SipUriEquivalence.sameHost(buf, hostOff, hostLen, host);
  }

  /** RFC 3261 §19.1.4 equivalence with {@code other}. */
  public boolean equivalent(SipUri other) {
    return SipUriEquivalence.equivalent(this, other);
  }

  // Offsets for the comparison code of this package.
  byte[] buf() {
    return buf;
  }

  int userOff() {
    return userOff;
  }

  int userLen() {
    return userLen;
  }

  int passOff() {
    return passOff;
  }

  int passLen() {
    return passLen;
  }

  int hostOff() {
    return hostOff;
  }

  int hostLen() {
    return hostLen;
  }

  int paramsOff() {
    return paramsOff;
  }

  int paramsEnd() {
    return paramsEnd;
  }

  int headersOff() {
    return headersOff;
  }

  int end() {
    return off + len;
  }
}
