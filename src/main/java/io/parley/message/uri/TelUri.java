package io.parley.message.uri;

import io.parley.message.SipParseException;
import java.nio.charset.StandardCharsets;

/**
 * A {@code tel:} URI (RFC 3966 §3): a global number ({@code +} then digits and visual separators
 * {@code - . ( )}) or a local number (hex digits, {@code *}, {@code #} and separators), then
 * {@code ;name[=value]} parameters such as {@code ext}, {@code isub} and {@code phone-context}.
 *
 * <p>RFC 3966 §5.1.5 requires a phone-context on a local number; one without is accepted here,
 * since gateways send them, and {@link #phoneContext()} is then null.
 */
public final class TelUri extends WireForm implements Uri {
  private final int numberOff;
  private final int numberEnd;

  private TelUri(byte[] b, int off, int len, int numberOff, int numberEnd) {
    super(b, off, len);
    this.numberOff = numberOff;
    this.numberEnd = numberEnd;
  }

  /** Parses a tel URI in {@code b[off, off+len)}; surrounding LWS is ignored. */
  public static TelUri parse(byte[] b, int off, int len) {
    Uri uri = Uri.parse(b, off, len);
    if (uri instanceof TelUri tel) {
      return tel;
    }
    throw SipParseException.badRequest("bad tel URI: scheme is not tel");
  }

  /** Parses a tel URI from text. */
  public static TelUri parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  static TelUri parseAfterScheme(byte[] b, int start, int end, int p, boolean prefix) {
    boolean global = p < end && b[p] == '+';
    int i = global ? p + 1 : p;
    int digits = 0;
    while (i < end) {
      byte c = b[i];
      if (SipChars.is(c, SipChars.DIGIT) || !global && (SipChars.is(c, SipChars.HEX)
          || c == '*' || c == '#')) {
        digits++;
      } else if (c != '-' && c != '.' && c != '(' && c != ')') {
        break;
      }
      i++;
    }
    if (digits == 0) {
      throw SipParseException.badRequest("bad tel URI: no digits");
    }
    int numberEnd = i;
    while (i < end && b[i] == ';') {
      int nameStart = ++i;
      while (i < end && (SipChars.is(b[i], SipChars.ALPHANUM) || b[i] == '-')) {
        i++;
      }
      if (i == nameStart) {
        throw SipParseException.badRequest("bad tel URI: empty parameter");
      }
      if (i < end && b[i] == '=') {
        int valueStart = ++i;
        int bad = PercentEscapes.firstInvalid(b, valueStart, end, SipChars.PARAMCHAR);
        i = bad < 0 ? end : bad;
        if (i == valueStart || bad >= 0 && b[bad] == '%') {
          throw SipParseException.badRequest("bad tel URI: bad parameter value");
        }
      }
    }
    if (i != end && !prefix) {
      throw SipParseException.badRequest("bad tel URI: unexpected character");
    }
    return new TelUri(b, start, i - start, p, numberEnd);
  }

  @Override
  public String scheme() {
    return "tel";
  }

  /** Whether the number is global, starting with '+' (RFC 3966 §5.1.4). */
  public boolean isGlobal() {
    return buf[numberOff] == '+';
  }

  /** The number as written, visual separators included. */
  public String number() {
    return latin1(numberOff, numberEnd - numberOff);
  }

  /** The number without visual separators ({@code +1-212-555-0100} gives {@code +12125550100}). */
  public String digits() {
    StringBuilder sb = new StringBuilder(numberEnd - numberOff);
    for (int i = numberOff; i < numberEnd; i++) {
      byte c = buf[i];
      if (c != '-' && c != '.' && c != '(' && c != ')') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  /** The raw value of parameter {@code name}: "" if it has no value, null if absent. */
  public String param(String name) {
    int end = off + len;
    return UriParams.value(buf, UriParams.find(buf, numberEnd, end, name), end);
  }

  /** The {@code phone-context} parameter, or null. */
  public String phoneContext() {
    return param("phone-context");
  }
}
