package io.parley.message.header;

import io.parley.message.SipParseException;
import io.parley.message.uri.SipChars;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import io.parley.message.uri.WireForm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One Contact header field value (RFC 3261 §20.10, §25.1): {@code "*"} or {@code ( name-addr /
 * addr-spec ) *( SEMI contact-params )}, where {@code contact-params = c-p-q / c-p-expires /
 * contact-extension}.
 *
 * <p>Checked at parse, because the registrar acts on them:
 * <ul>
 *   <li>{@code q = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )}, held in thousandths;
 *   <li>{@code expires = delta-seconds}, read as the Expires header field is ({@link
 *       DeltaSeconds}): a value above 2^32-1 is 2^32-1, so that an overlarge value never wraps
 *       into a short one and the registrar's own maximum then applies;
 *   <li>{@code reg-id = 1*DIGIT}, 1..2^31-1 (RFC 5626 §4.1).
 * </ul>
 * {@code +sip.instance} (RFC 5626 §4.1) is returned unquoted, angle brackets kept.
 */
public final class Contact extends WireForm {
  /** The largest expires value, 2^32-1 (RFC 3261 §20.19). */
  public static final long MAX_EXPIRES = DeltaSeconds.MAX;

  private static final String WHAT = "Contact";

  private final NameAddr nameAddr;

  private Contact(byte[] b, int off, int len, NameAddr nameAddr) {
    super(b, off, len);
    this.nameAddr = nameAddr;
  }

  private Contact(NameAddr nameAddr) {
    this(nameAddr.buffer(), nameAddr.offset(), nameAddr.wireLength(), nameAddr);
  }

  /**
   * Parses a Contact header field value: {@code *}, or one or more comma-separated values
   * (RFC 3261 §7.3.1). A '*' is only allowed alone.
   *
   * @throws SipParseException (400) when the value is malformed
   */
  public static List<Contact> parseList(byte[] b, int off, int len) {
    int start = SipChars.skipLws(b, off, off + len);
    int end = SipChars.trimEnd(b, start, off + len);
    if (end - start == 1 && b[start] == '*') {
      return List.of(new Contact(b, start, 1, null));
    }
    int p = off;
    int limit = off + len;
    List<Contact> list = new ArrayList<>(2);
    while (true) {
      p = HeaderLex.lws(b, p, limit);
      NameAddr na = NameAddr.read(b, p, limit, WHAT);
      list.add(checked(na));
      p = HeaderLex.lws(b, p + na.wireLength(), limit);
      if (p >= limit) {
        return list;
      }
      if (b[p] != ',') {
        throw HeaderLex.error(WHAT, "unexpected character");
      }
      p++;
    }
  }

  /** Parses a Contact header field value from text. */
  public static List<Contact> parseList(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parseList(b, 0, b.length);
  }

  /** Parses exactly one Contact value (not '*'). */
  public static Contact parse(byte[] b, int off, int len) {
    List<Contact> list = parseList(b, off, len);
    if (list.size() != 1 || list.get(0).isWildcard()) {
      throw SipParseException.badRequest("bad Contact: expected exactly one address");
    }
    return list.get(0);
  }

  /** Parses exactly one Contact value from text. */
  public static Contact parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  /** The wildcard {@code *} of a REGISTER that removes all bindings (RFC 3261 §10.2.2). */
  public static Contact wildcard() {
    return new Contact(new byte[] {'*'}, 0, 1, null);
  }

  /** A Contact for {@code <uri>}. */
  public static Contact of(Uri uri) {
    return new Contact(NameAddr.of(uri));
  }

  /** A Contact with the given address and parameters, checked like a parsed one. */
  public static Contact of(NameAddr nameAddr) {
    try {
      return checked(nameAddr);
    } catch (SipParseException e) {
      throw new IllegalArgumentException(e.reason(), e);
    }
  }

  private static Contact checked(NameAddr na) {
    Parameters p = na.params();
    for (int i = 0; i < p.size(); i++) {
      if (p.nameIs(i, "q")) {
        if (qValue(p, i) < 0) {
          throw HeaderLex.error(WHAT, "bad q value");
        }
      } else if (p.nameIs(i, "expires")) {
        if (expiresValue(p, i) < 0) {
          throw HeaderLex.error(WHAT, "expires is not delta-seconds");
        }
      } else if (p.nameIs(i, "reg-id")) {
        if (digits(p, i, Integer.MAX_VALUE) < 1) {
          throw HeaderLex.error(WHAT, "bad reg-id");
        }
      }
    }
    return new Contact(na.buffer(), na.offset(), na.wireLength(), na);
  }

  /** qvalue in thousandths, or -1 when malformed (RFC 3261 §25.1). */
  private static int qValue(Parameters p, int i) {
    int v = p.valueOffset(i);
    int n = p.valueLength(i);
    byte[] b = p.buffer();
    if (v < 0 || n == 0 || n > 5 || b[v] != '0' && b[v] != '1') {
      return -1;
    }
    int whole = (b[v] - '0') * 1000;
    if (n == 1) {
      return whole;
    }
    if (b[v + 1] != '.') {
      return -1;
    }
    int frac = 0;
    int scale = 100;
    for (int k = v + 2; k < v + n; k++) {
      if (!SipChars.is(b[k], SipChars.DIGIT)) {
        return -1;
      }
      frac += (b[k] - '0') * scale;
      scale /= 10;
    }
    return whole == 1000 && frac != 0 ? -1 : whole + frac;
  }

  /** The expires parameter at {@code i} ({@link DeltaSeconds}); -1 when absent or not digits. */
  private static long expiresValue(Parameters p, int i) {
    int v = p.valueOffset(i);
    return v < 0 ? -1 : DeltaSeconds.parse(p.buffer(), v, v + p.valueLength(i));
  }

  /** A 1*DIGIT value, saturated at {@code max}; -1 when absent or not digits. */
  private static long digits(Parameters p, int i, long max) {
    int v = p.valueOffset(i);
    int n = p.valueLength(i);
    if (v < 0 || n == 0) {
      return -1;
    }
    byte[] b = p.buffer();
    long value = 0;
    for (int k = v; k < v + n; k++) {
      if (!SipChars.is(b[k], SipChars.DIGIT)) {
        return -1;
      }
      value = Math.min(max, value * 10 + (b[k] - '0'));
    }
    return value;
  }

  /** Whether this is the wildcard {@code *}. */
  public boolean isWildcard() {
    return nameAddr == null;
  }

  /** The address and its parameters; null for the wildcard. */
  public NameAddr nameAddr() {
    return nameAddr;
  }

  /** The URI; null for the wildcard. */
  public Uri uri() {
    return nameAddr == null ? null : nameAddr.uri();
  }

  /** The URI if it is a sip or sips URI, else null. */
  public SipUri sipUri() {
    return nameAddr == null ? null : nameAddr.sipUri();
  }

  /** The contact parameters; empty for the wildcard. */
  public Parameters params() {
    return nameAddr == null ? Parameters.EMPTY : nameAddr.params();
  }

  /** The {@code expires} parameter in seconds, at most {@link #MAX_EXPIRES}; -1 if absent. */
  public long expires() {
    int i = params().indexOf("expires");
    return i < 0 ? -1 : expiresValue(params(), i);
  }

  /** The {@code q} parameter in thousandths (0..1000, so 0.7 is 700); -1 if absent. */
  public int qThousandths() {
    int i = params().indexOf("q");
    return i < 0 ? -1 : qValue(params(), i);
  }

  /** The {@code +sip.instance} parameter unquoted, e.g. {@code <urn:uuid:...>}; or null. */
  public String instance() {
    return params().get("+sip.instance");
  }

  /** The {@code reg-id} parameter, or -1 if absent. */
  public int regId() {
    int i = params().indexOf("reg-id");
    return i < 0 ? -1 : (int) digits(params(), i, Integer.MAX_VALUE);
  }

  /** This contact with {@code expires} set (clamped to 0..2^32-1). */
  public Contact withExpires(long seconds) {
    return withParam("expires", Long.toString(Math.max(0, Math.min(MAX_EXPIRES, seconds))));
  }

  /** This contact with a parameter set; see {@link Parameters#with}. */
  public Contact withParam(String name, String value) {
    requireAddress();
    return of(nameAddr.withParam(name, value));
  }

  /** This contact without a parameter. */
  public Contact withoutParam(String name) {
    requireAddress();
    return new Contact(nameAddr.withoutParam(name));
  }

  private void requireAddress() {
    if (nameAddr == null) {
      throw new IllegalStateException("the wildcard Contact has no parameters");
    }
  }
}
