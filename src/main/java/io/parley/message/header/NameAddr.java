package io.parley.message.header;

import io.parley.message.SipParseException;
import io.parley.message.uri.SipChars;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import io.parley.message.uri.WireBuilder;
import io.parley.message.uri.WireForm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ( name-addr / addr-spec ) *( SEMI generic-param )}, the value of From, To, Contact,
 * Route, Record-Route, Path, Reply-To and their kin (RFC 3261 §20.10, §25.1), with
 * {@code name-addr = [ display-name ] LAQUOT addr-spec RAQUOT}.
 *
 * <p>Read as the RFC says and as RFC 4475 tests it:
 * <ul>
 *   <li>the display name is a token list or a quoted string; a token list must run up to the
 *       '<', so {@code Bell, Alexander <sip:...>} is refused (§3.1.2.15), and it needs no LWS
 *       before the '<' ({@code caller<sip:...>}, §3.1.1.6);
 *   <li>between '<' and '>' is exactly one URI: {@code < sip:... >} is refused (§3.1.2.14),
 *       and so is LWS inside it;
 *   <li>without angle brackets every ';' after the URI starts a header parameter, not a URI
 *       parameter (RFC 3261 §20.10), and a URI holding '?' must be enclosed (§20; RFC 4475
 *       §3.1.2.13 regbadct);
 *   <li>the URI may be of any scheme (RFC 4475 §3.3.4 unksm2);
 *   <li>a {@code tag} parameter needs a value ({@code tag-param = "tag" EQUAL token}, §25.1).
 * </ul>
 */
public final class NameAddr extends WireForm {
  private final int dispOff;
  private final int dispLen;
  private final boolean angle;
  private final Uri uri;
  private final Parameters params;

  private NameAddr(byte[] b, int off, int len, int dispOff, int dispLen, boolean angle, Uri uri,
      Parameters params) {
    super(b, off, len);
    this.dispOff = dispOff;
    this.dispLen = dispLen;
    this.angle = angle;
    this.uri = uri;
    this.params = params;
  }

  /**
   * Parses a single value, such as a From or To header field value; LWS around it is ignored.
   *
   * @throws SipParseException (400) when the range is not exactly one value
   */
  public static NameAddr parse(byte[] b, int off, int len) {
    return parse(b, off, len, "name-addr");
  }

  /**
   * Parses a single value of header {@code headerName}, which names it in error reasons
   * ("bad To: unterminated quoted string").
   */
  public static NameAddr parse(byte[] b, int off, int len, String headerName) {
    int end = off + len;
    int p = HeaderLex.lws(b, off, end);
    NameAddr v = read(b, p, end, headerName);
    HeaderLex.expectEnd(b, p + v.len, end, headerName);
    return v;
  }

  /** Parses a single value from text. */
  public static NameAddr parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  /**
   * Parses a comma-separated list (RFC 3261 §7.3.1), as Route, Record-Route and Path carry.
   * Empty elements are refused (RFC 4475 §3.1.2.1).
   */
  public static List<NameAddr> parseList(byte[] b, int off, int len) {
    return parseList(b, off, len, "name-addr");
  }

  /** Parses a comma-separated list of header {@code headerName}, named in error reasons. */
  public static List<NameAddr> parseList(byte[] b, int off, int len, String headerName) {
    int end = off + len;
    int p = off;
    List<NameAddr> list = new ArrayList<>(2);
    while (true) {
      p = HeaderLex.lws(b, p, end);
      NameAddr v = read(b, p, end, headerName);
      list.add(v);
      p = HeaderLex.lws(b, p + v.len, end);
      if (p >= end) {
        return list;
      }
      if (b[p] != ',') {
        throw HeaderLex.error(headerName, "unexpected character");
      }
      p++;
    }
  }

  /** Parses a comma-separated list from text. */
  public static List<NameAddr> parseList(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parseList(b, 0, b.length);
  }

  /** A value {@code <uri>} with no display name and no parameters. */
  public static NameAddr of(Uri uri) {
    return of(null, uri);
  }

  /** A value {@code "display name" <uri>}; a null display name writes none. */
  public static NameAddr of(String displayName, Uri uri) {
    WireBuilder w = new WireBuilder(64);
    if (displayName != null) {
      w.append(QuotedString.quote(displayName)).append(' ');
    }
    w.append('<');
    byte[] u = uri.toBytes();
    w.append(u, 0, u.length).append('>');
    return reparse(w);
  }

  /**
   * Reads one value starting at {@code start}, where LWS before it has been skipped, errors
   * naming header {@code what}; the value ends at {@code start + wireLength()}, and only LWS, a
   * ',' (in a list) or the end may follow.
   */
  static NameAddr read(byte[] b, int start, int end, String what) {
    if (start >= end) {
      throw HeaderLex.error(what, "empty value");
    }
    int p = start;
    int dispOff = -1;
    int dispLen = -1;
    if (b[p] == '"') {
      p = HeaderLex.quotedString(b, p, end, what);
      dispOff = start;
      dispLen = p - start;
      p = HeaderLex.lws(b, p, end);
      if (!HeaderLex.at(b, p, end, '<')) {
        throw HeaderLex.error(what, "display name without <URI>");
      }
    } else if (b[p] != '<') {
      p = HeaderLex.token(b, p, end, what, "bad display name or URI");
      if (HeaderLex.at(b, p, end, ':')) {
        return bare(b, start, end, what);
      }
      int lastEnd = p;
      while (true) {
        p = HeaderLex.lws(b, p, end);
        if (HeaderLex.at(b, p, end, '<')) {
          break;
        }
        if (p >= end || !SipChars.isToken(b[p])) {
          throw HeaderLex.error(what, "display name is not a token list or quoted string");
        }
        p = HeaderLex.token(b, p, end, what, "display name");
        lastEnd = p;
      }
      dispOff = start;
      dispLen = lastEnd - start;
    }
    int uriStart = p + 1;
    Uri uri = Uri.parsePrefix(b, uriStart, end);
    int gt = uriStart + uri.wireLength();
    if (gt >= end || b[gt] != '>') {
      throw HeaderLex.error(what, gt < end && SipChars.skipLws(b, gt, end) > gt
          ? "LWS inside <URI>" : "bad URI or missing >");
    }
    return withParams(b, gt + 1, end, what, start, dispOff, dispLen, true, uri);
  }

  /** An addr-spec without angle brackets: it ends at ';', ',' or LWS (RFC 3261 §20.10). */
  private static NameAddr bare(byte[] b, int start, int end, String what) {
    int i = start;
    while (i < end) {
      byte x = b[i];
      if (x == ';' || x == ',' || x == ' ' || x == '\t' || x == '\r' || x == '\n') {
        break;
      }
      if (x == '?') {
        throw HeaderLex.error(what, "URI with headers must be in <>");
      }
      i++;
    }
    Uri uri = Uri.parseExact(b, start, i);
    return withParams(b, i, end, what, start, -1, -1, false, uri);
  }

  /** The value whose URI (and closing '>') ends at {@code uriEnd}, with the parameters after it. */
  private static NameAddr withParams(byte[] b, int uriEnd, int end, String what, int start,
      int dispOff, int dispLen, boolean angle, Uri uri) {
    Parameters params = Parameters.read(b, HeaderLex.lws(b, uriEnd, end), end, what);
    if (params.isEmpty()) {
      return new NameAddr(b, start, uriEnd - start, dispOff, dispLen, angle, uri, params);
    }
    int tag = params.indexOf("tag");
    if (tag >= 0 && params.valueOffset(tag) < 0) {
      throw HeaderLex.error(what, "tag without value");
    }
    return new NameAddr(b, start, params.paramsEnd() - start, dispOff, dispLen, angle, uri,
        params);
  }

  private static NameAddr reparse(WireBuilder w) {
    try {
      return parse(w.buffer(), 0, w.length());
    } catch (SipParseException e) {
      throw new IllegalArgumentException(e.reason(), e);
    }
  }

  byte[] buffer() {
    return buf;
  }

  int offset() {
    return off;
  }

  /** Whether a display name is present. */
  public boolean hasDisplayName() {
    return dispOff >= 0;
  }

  /**
   * The display name: a quoted one unquoted and decoded as UTF-8, a token list with its LWS
   * runs turned into single spaces; null when there is none.
   */
  public String displayName() {
    if (dispOff < 0) {
      return null;
    }
    if (buf[dispOff] == '"') {
      return QuotedString.unquote(buf, dispOff, dispLen);
    }
    StringBuilder sb = new StringBuilder(dispLen);
    int i = dispOff;
    int end = dispOff + dispLen;
    while (i < end) {
      int next = SipChars.skipLws(buf, i, end);
      if (next > i) {
        sb.append(' ');
        i = next;
      } else {
        sb.append((char) (buf[i++] & 0xFF));
      }
    }
    return sb.toString();
  }

  /** The display name as written, quotes included, or null. */
  public String rawDisplayName() {
    return dispOff < 0 ? null : new String(buf, dispOff, dispLen, StandardCharsets.UTF_8);
  }

  /** Whether the URI was written in angle brackets. */
  public boolean hasAngleBrackets() {
    return angle;
  }

  /** The URI. */
  public Uri uri() {
    return uri;
  }

  /** The URI if it is a sip or sips URI, else null. */
  public SipUri sipUri() {
    return uri instanceof SipUri s ? s : null;
  }

  /** The header parameters after the URI. */
  public Parameters params() {
    return params;
  }

  /** The unquoted value of header parameter {@code name}; "" without value; null if absent. */
  public String param(String name) {
    return params.get(name);
  }

  /** The {@code tag} parameter of From and To (RFC 3261 §19.3), or null. */
  public String tag() {
    return params.get("tag");
  }

  /** This value with the {@code tag} parameter set (RFC 3261 §8.2.6.2, §12.1.1). */
  public NameAddr withTag(String tag) {
    return withParam("tag", tag);
  }

  /** This value with header parameter {@code name} set; see {@link Parameters#with}. */
  public NameAddr withParam(String name, String value) {
    WireBuilder w = prefix(uri, params.wireLength() + name.length() + 16);
    params.writeWith(w, name, Parameters.wireValue(value), true);
    return reparse(w);
  }

  /** This value without header parameter {@code name}. */
  public NameAddr withoutParam(String name) {
    if (!params.has(name)) {
      return this;
    }
    WireBuilder w = prefix(uri, params.wireLength());
    params.writeWith(w, name, null, false);
    return reparse(w);
  }

  /** This value with {@code params} replacing its header parameters. */
  public NameAddr withParams(Parameters params) {
    return reparse(prefix(uri, params.wireLength()).append(params));
  }

  /** This value with another URI, display name and parameters kept. */
  public NameAddr withUri(Uri uri) {
    return reparse(prefix(uri, params.wireLength()).append(params));
  }

  /** The display name and the URI, in angle brackets unless it stands bare safely. */
  private WireBuilder prefix(Uri newUri, int room) {
    byte[] u = newUri.toBytes();
    boolean enclose = angle || dispOff >= 0 || needsAngle(u);
    WireBuilder w = new WireBuilder(Math.max(0, dispLen) + u.length + room + 8);
    if (dispOff >= 0) {
      w.append(buf, dispOff, dispLen).append(' ');
    }
    if (enclose) {
      w.append('<');
    }
    w.append(u, 0, u.length);
    if (enclose) {
      w.append('>');
    }
    return w;
  }

  private static boolean needsAngle(byte[] u) {
    for (byte x : u) {
      if (x == ';' || x == ',' || x == '?') {
        return true;
      }
    }
    return false;
  }
}
