package io.parley.message.header;

import io.parley.message.HeaderName;
import io.parley.message.Lex;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code Content-Type = ("Content-Type" / "c") HCOLON media-type},
 * {@code media-type = m-type SLASH m-subtype *(SEMI m-parameter)},
 * {@code m-parameter = m-attribute EQUAL m-value}, {@code m-value = token / quoted-string}
 * (RFC 3261 §20.15, §25.1). Type, subtype and parameter names compare case-insensitively
 * (RFC 2045 §5.1); they are kept as received.
 *
 * @param type the top-level type, e.g. {@code application}
 * @param subtype the subtype, e.g. {@code sdp}
 * @param parameters the parameters in order
 */
public record ContentType(String type, String subtype, List<Param> parameters) {

  /**
   * One {@code m-parameter}.
   *
   * @param name the attribute token
   * @param value the value's wire form: a token, or a quoted-string with its quotes
   */
  public record Param(String name, String value) {
    /** The value without quotes and quoted-pair escapes. */
    public String unquotedValue() {
      if (!value.startsWith("\"")) {
        return value;
      }
      StringBuilder sb = new StringBuilder(value.length());
      for (int i = 1; i < value.length() - 1; i++) {
        char c = value.charAt(i);
        if (c == '\\' && i + 1 < value.length() - 1) {
          c = value.charAt(++i);
        }
        sb.append(c);
      }
      return sb.toString();
    }

    @Override
    public String toString() {
      return name + "=" + value;
    }
  }

  public static final ContentType SDP = new ContentType("application", "sdp", List.of());

  public ContentType {
    if (!isToken(type) || !isToken(subtype)) {
      throw new IllegalArgumentException("not a media type: " + type + "/" + subtype);
    }
    parameters = List.copyOf(parameters);
  }

  private static boolean isToken(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    return b.length > 0 && Lex.scanToken(b, 0, b.length) == b.length;
  }

  /**
   * Parses a Content-Type value; LWS is allowed around "/", ";" and "=".
   *
   * @throws SipParseException (400) on a syntax error
   */
  public static ContentType parse(byte[] b, int off, int len) {
    int end = off + len;
    int p = Lex.skipLws(b, off, end);
    int t = Lex.scanToken(b, p, end);
    int slash = Lex.skipLws(b, t, end);
    if (t == p || slash >= end || b[slash] != '/') {
      throw SipParseException.badRequest("Bad Content-Type");
    }
    int s = Lex.skipLws(b, slash + 1, end);
    int se = Lex.scanToken(b, s, end);
    if (se == s) {
      throw SipParseException.badRequest("Bad Content-Type");
    }
    List<Param> params = new ArrayList<>(2);
    int q = Lex.skipLws(b, se, end);
    while (q < end) {
      if (b[q] != ';') {
        throw SipParseException.badRequest("Bad Content-Type");
      }
      int n = Lex.skipLws(b, q + 1, end);
      int ne = Lex.scanToken(b, n, end);
      int eq = Lex.skipLws(b, ne, end);
      if (ne == n || eq >= end || b[eq] != '=') {
        throw SipParseException.badRequest("Bad Content-Type parameter");
      }
      int v = Lex.skipLws(b, eq + 1, end);
      int ve = v < end && b[v] == '"' ? Lex.scanQuotedString(b, v, end) : Lex.scanToken(b, v, end);
      if (ve <= v) {
        throw SipParseException.badRequest("Bad Content-Type parameter");
      }
      params.add(new Param(Lex.latin1(b, n, ne), Lex.utf8(b, v, ve)));
      q = Lex.skipLws(b, ve, end);
    }
    return new ContentType(Lex.latin1(b, p, t), Lex.latin1(b, s, se), params);
  }

  /**
   * The Content-Type of {@code m}, or null if it has none.
   *
   * @throws SipParseException (400) if it is repeated or malformed
   */
  public static ContentType of(SipMessage m) {
    int i = SingleField.index(m, HeaderName.CONTENT_TYPE);
    return i < 0 ? null : parse(m.valueArray(i), m.valueOffset(i), m.valueLength(i));
  }

  /** Whether this is {@code type/subtype}, ignoring case. */
  public boolean is(String type, String subtype) {
    return this.type.equalsIgnoreCase(type) && this.subtype.equalsIgnoreCase(subtype);
  }

  /** The unquoted value of the first parameter named {@code name} (any case), or null. */
  public String parameter(String name) {
    for (Param p : parameters) {
      if (p.name.equalsIgnoreCase(name)) {
        return p.unquotedValue();
      }
    }
    return null;
  }

  /** {@code type/subtype} in lower case, without parameters. */
  public String mediaType() {
    return (type + "/" + subtype).toLowerCase(Locale.ROOT);
  }

  /** The wire form, e.g. {@code multipart/mixed;boundary=7a9cbec02ceef655}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(type).append('/').append(subtype);
    for (Param p : parameters) {
      sb.append(';').append(p);
    }
    return sb.toString();
  }
}
