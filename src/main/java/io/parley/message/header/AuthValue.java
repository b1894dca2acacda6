package io.parley.message.header;

import io.parley.message.SipParseException;
import io.parley.message.uri.SipChars;
import io.parley.message.uri.WireForm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An authentication header value: {@code auth-scheme} followed, for Digest, by comma-separated
 * {@code auth-param = token EQUAL ( token / quoted-string )} (RFC 3261 §25.1, RFC 7235 §2.1,
 * RFC 7616 §3.3, §3.4).
 *
 * <p>Any other scheme is kept as its name and the raw text after it, unparsed, so that a
 * request carrying it still parses and can be challenged with Digest (RFC 4475 §3.3.7). A Digest
 * parameter may appear only once (RFC 7235 §2.1); a repeated one is refused, since two nonces or
 * two responses leave no safe reading.
 */
public abstract sealed class AuthValue extends WireForm permits DigestCredentials, DigestChallenge {
  private final int schemeLen;
  private final int restOff;
  /** Per Digest parameter: name offset, name length, value offset, value length. */
  private final int[] spans;
  private final int count;

  AuthValue(Parts p) {
    super(p.b, p.off, p.len);
    this.schemeLen = p.schemeLen;
    this.restOff = p.restOff;
    this.spans = p.spans;
    this.count = p.count;
  }

  /** The result of {@link #read}, handed to the constructor. */
  record Parts(byte[] b, int off, int len, int schemeLen, int restOff, int[] spans, int count) {}

  static Parts read(byte[] b, int off, int len, String what) {
    HeaderCursor c = new HeaderCursor(b, off, len, what);
    c.skipLws();
    int start = c.token("missing auth scheme");
    int schemeLen = c.pos - start;
    boolean digest = SipChars.equalsIgnoreCase(b, start, schemeLen, "Digest");
    int end = SipChars.trimEnd(b, c.pos, c.end);
    if (!digest) {
      int rest = SipChars.skipLws(b, c.pos, end);
      if (rest < end && rest == c.pos) {
        throw c.error("missing LWS after the auth scheme");
      }
      return new Parts(b, start, end - start, schemeLen, rest, null, 0);
    }
    if (!c.atLws()) {
      throw c.error(c.atEnd() ? "Digest without parameters" : "missing LWS after Digest");
    }
    c.skipLws();
    int restOff = c.pos;
    int[] spans = new int[40];
    int n = 0;
    int lastEnd;
    while (true) {
      int nameOff = c.token("missing parameter name");
      int nameLen = c.pos - nameOff;
      c.skipLws();
      if (!c.at('=')) {
        throw c.error("missing '=' after a parameter name");
      }
      c.pos++;
      c.skipLws();
      int valueOff = c.at('"') ? c.quotedString() : c.token("empty parameter value");
      for (int k = 0; k < n; k += 4) {
        if (SipChars.equalsIgnoreCase(b, spans[k], spans[k + 1], b, nameOff, nameLen)) {
          throw c.error("repeated parameter " + new String(b, nameOff, nameLen,
              StandardCharsets.ISO_8859_1));
        }
      }
      if (n + 4 > spans.length) {
        spans = java.util.Arrays.copyOf(spans, spans.length * 2);
      }
      spans[n] = nameOff;
      spans[n + 1] = nameLen;
      spans[n + 2] = valueOff;
      spans[n + 3] = c.pos - valueOff;
      n += 4;
      lastEnd = c.pos;
      c.skipLws();
      if (c.atEnd()) {
        break;
      }
      if (!c.at(',')) {
        throw c.error("unexpected character");
      }
      c.pos++;
      c.skipLws();
    }
    return new Parts(b, start, lastEnd - start, schemeLen, restOff, spans, n / 4);
  }

  static Parts readBuilt(String text, String what) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    try {
      return read(b, 0, b.length, what);
    } catch (SipParseException e) {
      throw new IllegalArgumentException(e.reason(), e);
    }
  }

  /** The auth scheme as written. */
  public String scheme() {
    return latin1(off, schemeLen);
  }

  /** Whether the scheme is Digest (case-insensitive, RFC 7235 §2.1). */
  public boolean isDigest() {
    return spans != null;
  }

  /** Everything after the scheme and its LWS, as written. */
  public String paramsText() {
    return new String(buf, restOff, off + len - restOff, StandardCharsets.UTF_8);
  }

  private int indexOf(String name) {
    for (int k = 0; k < count * 4; k += 4) {
      if (SipChars.equalsIgnoreCase(buf, spans[k], spans[k + 1], name)) {
        return k;
      }
    }
    return -1;
  }

  /** Whether Digest parameter {@code name} is present. */
  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  /** The Digest parameter {@code name} unquoted (UTF-8), or null when absent. */
  public String param(String name) {
    int k = indexOf(name);
    if (k < 0) {
      return null;
    }
    int v = spans[k + 2];
    int n = spans[k + 3];
    return buf[v] == '"' ? QuotedString.unquote(buf, v, n) : latin1(v, n);
  }

  /** The Digest parameter {@code name} as written, quotes kept, or null. */
  public String rawParam(String name) {
    int k = indexOf(name);
    return k < 0 ? null : new String(buf, spans[k + 2], spans[k + 3], StandardCharsets.UTF_8);
  }

  /** The names of the Digest parameters, in order; empty for other schemes. */
  public List<String> paramNames() {
    List<String> names = new ArrayList<>(count);
    for (int k = 0; k < count * 4; k += 4) {
      names.add(latin1(spans[k], spans[k + 1]));
    }
    return names;
  }

  /** Whether a boolean parameter ({@code stale}, {@code userhash}) is "true", ignoring case. */
  boolean flag(String name) {
    String v = param(name);
    return v != null && v.equalsIgnoreCase("true");
  }

  /** Collects {@code name=value} pairs and writes them as a Digest value. */
  static final class Writer {
    private final StringBuilder sb = new StringBuilder(160).append("Digest ");
    private boolean first = true;

    Writer quoted(String name, String value) {
      return value == null ? this : raw(name, QuotedString.quote(value));
    }

    Writer token(String name, String value) {
      return value == null ? this : raw(name, value);
    }

    Writer raw(String name, String wireValue) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(name).append('=').append(wireValue);
      return this;
    }

    String text() {
      return sb.toString();
    }
  }
}
