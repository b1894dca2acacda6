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
    HeaderCursor c = new HeaderCursor(b, off, len, headerName);
    NameAddr v = read(c);
    if (!c.atEnd()) {
      throw c.error(c.peek() == ',' ? "more than one value" : "unexpected character");
    }
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
    HeaderCursor c = new HeaderCursor(b, off, len, headerName);
    List<NameAddr> list = new ArrayList<>(2);
    while (true) {
      list.add(read(c));
      if (c.atEnd()) {
        return list;
      }
      if (c.peek() != ',') {
        throw c.error("unexpected character");
      }
      c.pos++;
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
   * Reads one value at the cursor, skipping LWS before it and after it; the cursor ends at
   * the end of the range or at the byte after the value (a ',' in a list).
   */
  static NameAddr read(HeaderCursor c) {
    c.skipLws();
    if (c.atEnd()) {
      throw c.error("empty value");
    }
    byte[] b = c.b;
    int start = c.pos;
    int dispOff = -1;
    int dispLen = -1;
    if (c.at('"')) {
      c.quotedString();
      dispOff = start;
      dispLen = c.pos - start;
      c.skipLws();
      if (!c.at('<')) {
        throw c.error("display name without <URI>");
      }
    } else if (!c.at('<')) {
      c.token("bad display name or URI");
      if (c.at(':')) {
        return bare(c, start);
      }
      int lastEnd = c.pos;
      while (true) {
        c.skipLws();
        if (c.at('<')) {
          break;
        }
        if (c.atEnd() || !SipChars.isToken(c.peek())) {
          throw c.error("display name is not a token list or quoted string");
        }
        c.token("display name");
        lastEnd = c.pos;
      }
      dispOff = start;
      dispLen = lastEnd - start;
    }
    int uriStart = c.pos + 1;
    Uri uri = Uri.parsePrefix(b, uriStart, c.end);
    int gt = uriStart + uri.wireLength();
    if (gt >= c.end || b[gt] != '>') {
      throw c.error(gt < c.end && SipChars.skipLws(b, gt, c.end) > gt
          ? "LWS inside <URI>" : "bad URI or missing >");
    }
    c.pos = gt + 1;
    return withParams(c, start, gt + 1, dispOff, dispLen, true, uri);
  }

  /** An addr-spec without angle brackets: it ends at ';', ',' or LWS (RFC 3261 §20.10). */
  private static NameAddr bare(HeaderCursor c, int start) {
    byte[] b = c.b;
    int i = start;
    while (i < c.end) {
      byte x = b[i];
      if (x == ';' || x == ',' || x == ' ' || x == '\t' || x == '\r' || x == '\n') {
        break;
      }
      if (x == '?') {
        throw c.error("URI with headers must be in <>");
      }
      i++;
    }
    Uri uri = Uri.parseExact(b, start, i);
    c.pos = i;
    return withParams(c, start, i, -1, -1, false, uri);
  }

  private static NameAddr withParams(HeaderCursor c, int start, int uriEnd, int dispOff,
      int dispLen, boolean angle, Uri uri) {
    c.skipLws();
    Parameters params = Parameters.parse(c);
    if (params.isEmpty()) {
      return new NameAddr(c.b, start, uriEnd - start, dispOff, dispLen, angle, uri, params);
    }
    int tag = params.indexOf("tag");
    if (tag >= 0 && params.valueOffset(tag) < 0) {
      throw c.error("tag without value");
    }
    int end = params.paramsEnd();
    return new NameAddr(c.b, start, end - start, dispOff, dispLen, angle, uri, params);
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
