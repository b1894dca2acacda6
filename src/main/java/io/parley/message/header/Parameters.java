package io.parley.message.header;

import io.parley.message.SipParseException;
import io.parley.message.uri.HostSyntax;
import io.parley.message.uri.SipChars;
import io.parley.message.uri.WireBuilder;
import io.parley.message.uri.WireForm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header parameters {@code *( SEMI generic-param )} that follow a header value, in order:
 * {@code generic-param = token [ EQUAL gen-value ]}, {@code gen-value = token / host /
 * quoted-string} (RFC 3261 §25.1), with LWS allowed around ';' and '=' (§7.3.1).
 *
 * <p>Names compare case-insensitively (§7.3.1). The wire form is the parameters exactly as
 * received, from the first ';' to the end of the last value; a changed list is written
 * canonically, {@code ;name=value} with no LWS, each untouched name and value as received.
 *
 * <p>A token value may contain ':' so that an IPv6 address without brackets parses, as
 * {@code received=2001:db8::9:255} is written (RFC 5118 §4.5); '[' starts an IPv6 reference.
 */
public final class Parameters extends WireForm {
  /** No parameters. */
  public static final Parameters EMPTY = new Parameters(new byte[0], 0, 0, new int[0], 0);

  private static final int NO_VALUE = -1;

  /** Per parameter: name offset, name length, value offset (-1: none), value length. */
  private final int[] spans;
  private final int count;

  private Parameters(byte[] b, int off, int len, int[] spans, int count) {
    super(b, off, len);
    this.spans = spans;
    this.count = count;
  }

  /**
   * Parses {@code ;name[=value]...} in {@code b[off, off+len)}; LWS around the list is ignored,
   * an empty range gives {@link #EMPTY}.
   *
   * @throws SipParseException (400) when the range is not such a list
   */
  public static Parameters parse(byte[] b, int off, int len) {
    int end = off + len;
    int p = HeaderLex.lws(b, off, end);
    Parameters params = read(b, p, end, "parameters");
    if (HeaderLex.lws(b, params.isEmpty() ? p : params.paramsEnd(), end) < end) {
      throw HeaderLex.error("parameters", "unexpected character");
    }
    return params;
  }

  /** Parses parameters from text. */
  public static Parameters parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  /**
   * Reads parameters while {@code b[p]} is ';', errors naming header {@code what}. Returns
   * {@link #EMPTY} when {@code p} is not at ';'; otherwise the list, whose {@link #paramsEnd}
   * is where its last name or value ends (LWS may follow).
   */
  static Parameters read(byte[] b, int p, int end, String what) {
    if (!HeaderLex.at(b, p, end, ';')) {
      return EMPTY;
    }
    int start = p;
    int lastEnd = start;
    int[] spans = new int[8]; // two parameters, as most values carry; more grow it
    int n = 0;
    while (HeaderLex.at(b, p, end, ';')) {
      p = HeaderLex.lws(b, p + 1, end);
      int nameStart = p;
      p = HeaderLex.token(b, p, end, what, "empty parameter");
      int nameLen = p - nameStart;
      int valueStart = NO_VALUE;
      int valueLen = 0;
      lastEnd = p;
      p = HeaderLex.lws(b, p, end);
      if (HeaderLex.at(b, p, end, '=')) {
        valueStart = HeaderLex.lws(b, p + 1, end);
        p = valueEnd(b, valueStart, end, what);
        valueLen = p - valueStart;
        lastEnd = p;
        p = HeaderLex.lws(b, p, end);
      }
      if (n + 4 > spans.length) {
        spans = java.util.Arrays.copyOf(spans, spans.length * 2);
      }
      spans[n] = nameStart;
      spans[n + 1] = nameLen;
      spans[n + 2] = valueStart;
      spans[n + 3] = valueLen;
      n += 4;
    }
    return new Parameters(b, start, lastEnd - start, spans, n / 4);
  }

  /**
   * The end of the gen-value at {@code p}: a quoted-string, an IPv6 reference, or token
   * characters and ':'.
   */
  private static int valueEnd(byte[] b, int p, int end, String what) {
    if (HeaderLex.at(b, p, end, '"')) {
      return HeaderLex.quotedString(b, p, end, what);
    }
    if (HeaderLex.at(b, p, end, '[')) {
      int close = SipChars.indexOf(b, p, end, (byte) ']');
      if (close < 0) {
        throw HeaderLex.error(what, "unterminated IPv6 reference");
      }
      if (!HostSyntax.isIpv6(b, p + 1, close)) {
        throw HeaderLex.error(what, "bad IPv6 reference");
      }
      return close + 1;
    }
    int i = p;
    while (i < end && SipChars.is(b[i], SipChars.GEN_VALUE)) {
      i++;
    }
    if (i == p) {
      throw HeaderLex.error(what, "empty parameter value");
    }
    return i;
  }

  /** Number of parameters. */
  public int size() {
    return count;
  }

  /** Whether there are no parameters. */
  public boolean isEmpty() {
    return count == 0;
  }

  /** The name of parameter {@code i}, as written. */
  public String name(int i) {
    return latin1(spans[i * 4], spans[i * 4 + 1]);
  }

  /** The value of parameter {@code i} as written (quotes kept), or null when it has none. */
  public String rawValue(int i) {
    int v = spans[i * 4 + 2];
    return v == NO_VALUE ? null : new String(buf, v, spans[i * 4 + 3], StandardCharsets.UTF_8);
  }

  /** The value of parameter {@code i}, unquoted, or null when it has none. */
  public String value(int i) {
    int v = spans[i * 4 + 2];
    if (v == NO_VALUE) {
      return null;
    }
    int vl = spans[i * 4 + 3];
    return buf[v] == '"' ? QuotedString.unquote(buf, v, vl) : latin1(v, vl);
  }

  /** Whether the value of parameter {@code i} is a quoted string. */
  public boolean isQuoted(int i) {
    int v = spans[i * 4 + 2];
    return v != NO_VALUE && buf[v] == '"';
  }

  /** Whether parameter {@code i} is named {@code name}, ignoring case. */
  public boolean nameIs(int i, String name) {
    return SipChars.equalsIgnoreCase(buf, spans[i * 4], spans[i * 4 + 1], name);
  }

  /** The index of the first parameter named {@code name} (ignoring case), or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < count; i++) {
      if (SipChars.equalsIgnoreCase(buf, spans[i * 4], spans[i * 4 + 1], name)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether parameter {@code name} is present. */
  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  /** Whether parameter {@code name} is present with a value. */
  public boolean hasValue(String name) {
    int i = indexOf(name);
    return i >= 0 && spans[i * 4 + 2] != NO_VALUE;
  }

  /** The unquoted value of {@code name}: "" when present without a value, null when absent. */
  public String get(String name) {
    int i = indexOf(name);
    if (i < 0) {
      return null;
    }
    String v = value(i);
    return v == null ? "" : v;
  }

  /** The length of the name of parameter {@code i}. */
  int nameLength(int i) {
    return spans[i * 4 + 1];
  }

  /** Offset of the value of parameter {@code i} in {@link #buffer()}, or -1. */
  int valueOffset(int i) {
    return spans[i * 4 + 2];
  }

  int valueLength(int i) {
    return spans[i * 4 + 3];
  }

  byte[] buffer() {
    return buf;
  }

  /** The index just after the last parameter in {@link #buffer()}. */
  int paramsEnd() {
    return off + len;
  }

  /**
   * These parameters with {@code name} set to {@code value}: replaced in place when present,
   * appended otherwise. A null value writes the name alone; a value that is not a token, host
   * or IPv6 address is quoted.
   */
  public Parameters with(String name, String value) {
    return edit(name, wireValue(value), true);
  }

  /** These parameters with {@code name} set to {@code value} as a quoted-string. */
  public Parameters withQuoted(String name, String value) {
    return edit(name, QuotedString.quote(value), true);
  }

  /** These parameters without any parameter named {@code name}. */
  public Parameters without(String name) {
    return indexOf(name) < 0 ? this : edit(name, null, false);
  }

  private Parameters edit(String name, String wireValue, boolean keep) {
    WireBuilder out = new WireBuilder(len + name.length() + 16);
    writeWith(out, name, wireValue, keep);
    try {
      return parse(out.buffer(), 0, out.length());
    } catch (SipParseException e) {
      throw new IllegalArgumentException(e.reason(), e);
    }
  }

  /** {@code value} as a gen-value: null stays null (no value), non-tokens are quoted. */
  static String wireValue(String value) {
    return value == null ? null : needsQuotes(value) ? QuotedString.quote(value) : value;
  }

  /**
   * Writes these parameters canonically ({@code ;name=value}, no LWS) with {@code name} set to
   * {@code wireValue} in place or at the end when {@code keep}, or left out when not.
   */
  void writeWith(WireBuilder out, String name, String wireValue, boolean keep) {
    if (!SipChars.isToken(name)) {
      throw new IllegalArgumentException("parameter name is not a token: " + name);
    }
    boolean done = false;
    for (int i = 0; i < count; i++) {
      if (SipChars.equalsIgnoreCase(buf, spans[i * 4], spans[i * 4 + 1], name)) {
        if (keep && !done) {
          append(out, name, wireValue);
          done = true;
        }
      } else {
        writeParam(out, i);
      }
    }
    if (keep && !done) {
      append(out, name, wireValue);
    }
  }

  /** Writes parameter {@code i} as {@code ;name[=value]}, name and value as received. */
  void writeParam(WireBuilder out, int i) {
    out.append(';').append(buf, spans[i * 4], spans[i * 4 + 1]);
    if (spans[i * 4 + 2] != NO_VALUE) {
      out.append('=').append(buf, spans[i * 4 + 2], spans[i * 4 + 3]);
    }
  }

  static void append(WireBuilder out, String name, String wireValue) {
    out.append(';');
    out.append(name);
    if (wireValue != null) {
      out.append('=');
      out.append(wireValue);
    }
  }

  private static boolean needsQuotes(String v) {
    if (v.isEmpty()) {
      return true;
    }
    if (v.charAt(0) == '[' && v.charAt(v.length() - 1) == ']') {
      return !isIpv6Text(v);
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c > 0x7F || !SipChars.isToken((byte) c) && c != ':') {
        return true;
      }
    }
    return false;
  }

  private static boolean isIpv6Text(String v) {
    byte[] b = v.getBytes(StandardCharsets.ISO_8859_1);
    return HostSyntax.isIpv6(b, 1, b.length - 1);
  }

  /** The names of the parameters, in order. */
  public List<String> names() {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(name(i));
    }
    return names;
  }
}
