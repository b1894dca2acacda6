package io.parley.message.uri;

import io.parley.message.SipParseException;
import java.nio.charset.StandardCharsets;

/**
 * A URI of a scheme this element does not interpret: {@code absoluteURI = scheme ":"
 * ( hier-part / opaque-part )} (RFC 3261 §25.1, after RFC 2396), read as the scheme and the
 * uric characters after it. It is well-formed SIP, so a request carrying it is answered with 416
 * Unsupported URI Scheme, not 400 (RFC 3261 §8.2.2.1; RFC 4475 §3.3.2, §3.3.3, §3.3.4).
 *
 * <p>'[' and ']' are admitted for RFC 3986 IP-literals ({@code http://[2001:db8::1]/}).
 */
public final class AbsoluteUri extends WireForm implements Uri {
  private final int colon;

  private AbsoluteUri(byte[] b, int off, int len, int colon) {
    super(b, off, len);
    this.colon = colon;
  }

  /**
   * Parses a URI of any scheme; a {@code sip}, {@code sips} or {@code tel} URI is refused here,
   * use {@link Uri#parse(byte[], int, int)} for those.
   */
  public static AbsoluteUri parse(byte[] b, int off, int len) {
    Uri uri = Uri.parse(b, off, len);
    if (uri instanceof AbsoluteUri abs) {
      return abs;
    }
    throw SipParseException.badRequest("bad URI: scheme has its own syntax");
  }

  /** Parses a URI of any scheme from text. */
  public static AbsoluteUri parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  static AbsoluteUri parseAfterScheme(byte[] b, int start, int end, int colon, boolean prefix) {
    int bad = PercentEscapes.firstInvalid(b, colon + 1, end, SipChars.URIC);
    int stop = bad < 0 ? end : bad;
    if (bad >= 0 && (!prefix || b[bad] == '%')) {
      throw SipParseException.badRequest("bad URI: character not allowed");
    }
    if (stop == colon + 1) {
      throw SipParseException.badRequest("bad URI: nothing after the scheme");
    }
    return new AbsoluteUri(b, start, stop - start, colon);
  }

  /** The scheme, lower-cased (schemes are case-insensitive, RFC 3986 §3.1). */
  @Override
  public String scheme() {
    return latin1(off, colon - off).toLowerCase(java.util.Locale.ROOT);
  }

  /** Everything after the ':' of the scheme, as written. */
  public String schemeSpecificPart() {
    return latin1(colon + 1, off + len - colon - 1);
  }
}
