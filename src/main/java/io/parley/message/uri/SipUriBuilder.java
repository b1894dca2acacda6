package io.parley.message.uri;

import io.parley.message.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link SipUri}, for the URIs a proxy writes itself: Record-Route and Path entries
 * ({@code sip:192.0.2.1:5060;lr;transport=tcp}), Contact and redirect targets.
 *
 * <p>Plain setters take unescaped text and escape what the grammar does not allow in that part
 * (RFC 3261 §19.1.2); the {@code ...Raw} setters take text that is already in wire form. The
 * result is serialized and parsed back, so {@link #build()} never yields a URI the parser would
 * refuse.
 */
public final class SipUriBuilder {
  private boolean secure;
  private String user;
  private String password;
  private String host;
  private int port = -1;
  private final List<String> params = new ArrayList<>(4);
  private String headers;

  SipUriBuilder() {}

  /** {@code sips} when true, {@code sip} otherwise. */
  public SipUriBuilder secure(boolean secure) {
    this.secure = secure;
    return this;
  }

  /** The user part, unescaped; null for none. */
  public SipUriBuilder user(String user) {
    this.user = user == null ? null : escape(user, SipChars.USER);
    return this;
  }

  /** The user part in wire form (escapes kept); null for none. */
  public SipUriBuilder userRaw(String user) {
    this.user = user;
    return this;
  }

  /** The password, unescaped; null for none. */
  public SipUriBuilder password(String password) {
    this.password = password == null ? null : escape(password, SipChars.PASSWORD);
    return this;
  }

  /** The password in wire form; null for none. */
  public SipUriBuilder passwordRaw(String password) {
    this.password = password;
    return this;
  }

  /** A hostname, IPv4 address, or IPv6 address with or without brackets. */
  public SipUriBuilder host(String host) {
    this.host = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    return this;
  }

  SipUriBuilder hostRaw(String host) {
    this.host = host;
    return this;
  }

  /** The port, 1..65535, or -1 for none. */
  public SipUriBuilder port(int port) {
    this.port = port;
    return this;
  }

  /**
   * Sets uri-parameter {@code name} (replacing one of the same name) to {@code value}, unescaped;
   * a null value writes the name alone, as for {@code lr}.
   */
  public SipUriBuilder param(String name, String value) {
    String segment = escape(name, SipChars.PARAMCHAR)
        + (value == null ? "" : "=" + escape(value, SipChars.PARAMCHAR));
    int i = indexOfParam(name);
    if (i >= 0) {
      params.set(i, segment);
    } else {
      params.add(segment);
    }
    return this;
  }

  /** Appends one parameter in wire form, {@code name[=value]} without the ';'. */
  public SipUriBuilder paramRaw(String segment) {
    params.add(segment);
    return this;
  }

  /** Removes uri-parameter {@code name} if present. */
  public SipUriBuilder removeParam(String name) {
    int i = indexOfParam(name);
    if (i >= 0) {
      params.remove(i);
    }
    return this;
  }

  /** The headers part in wire form, without the '?'; null for none. */
  public SipUriBuilder headersRaw(String headers) {
    this.headers = headers;
    return this;
  }

  private int indexOfParam(String name) {
    for (int i = 0; i < params.size(); i++) {
      String s = params.get(i);
      int eq = s.indexOf('=');
      byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
      if (PercentEscapes.equalsIgnoreCaseUnescaped(b, 0, eq < 0 ? b.length : eq, name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The URI.
   *
   * @throws IllegalArgumentException when the parts do not make a valid SIP URI
   */
  public SipUri build() {
    if (host == null) {
      throw new IllegalArgumentException("SIP URI needs a host");
    }
    StringBuilder sb = new StringBuilder(64).append(secure ? "sips:" : "sip:");
    if (user != null) {
      sb.append(user);
      if (password != null) {
        sb.append(':').append(password);
      }
      sb.append('@');
    }
    sb.append(host);
    if (port >= 0) {
      sb.append(':').append(port);
    }
    for (String p : params) {
      sb.append(';').append(p);
    }
    if (headers != null) {
      sb.append('?').append(headers);
    }
    String text = sb.toString();
    try {
      return SipUri.parse(text);
    } catch (SipParseException e) {
      throw new IllegalArgumentException(e.reason() + ": " + text, e);
    }
  }

  /** Percent-escapes every octet of the UTF-8 form of {@code s} outside {@code classes}. */
  static String escape(String s, int classes) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = null;
    for (int i = 0; i < b.length; i++) {
      byte c = b[i];
      boolean plain = c != '%' && c >= 0 && SipChars.is(c, classes);
      if (plain && sb == null) {
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(b.length + 8).append(s, 0, i);
      }
      if (plain) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return sb == null ? s : sb.toString();
  }
}
