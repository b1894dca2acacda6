package io.parley.message.uri;

import io.parley.message.SipParseException;
import java.nio.charset.StandardCharsets;

/**
 * A URI as SIP carries it: Request-URI = SIP-URI / SIPS-URI / absoluteURI (RFC 3261 §25.1).
 *
 * <p>{@code sip} and {@code sips} become a {@link SipUri}, {@code tel} a {@link TelUri} (RFC
 * 3966), and every other well-formed scheme an {@link AbsoluteUri}, so that a request for
 * {@code nobodyKnowsThisScheme:...} or {@code soap.beep://...} parses and can be answered with
 * 416 Unsupported URI Scheme (RFC 3261 §8.2.2.1, RFC 4475 §3.3.2, §3.3.3) instead of 400.
 */
public sealed interface Uri permits SipUri, TelUri, AbsoluteUri {

  /** The scheme in lower case: "sip", "sips", "tel", or as written for other schemes. */
  String scheme();

  /** Octets of the wire form. */
  int wireLength();

  /** Copies the wire form into {@code dst} at {@code pos}; returns the position after it. */
  int writeTo(byte[] dst, int pos);

  /** A copy of the wire form. */
  byte[] toBytes();

  /**
   * Parses one URI in {@code b[off, off+len)}; LWS around it is ignored, LWS inside it is an
   * error (RFC 4475 §3.1.2.8), and so is a URI in angle brackets (§3.1.2.7).
   *
   * @throws SipParseException (400) when the range is not a URI
   */
  static Uri parse(byte[] b, int off, int len) {
    int start = SipChars.skipLws(b, off, off + len);
    int end = SipChars.trimEnd(b, start, off + len);
    return parseExact(b, start, end);
  }

  /** Parses a URI from text; see {@link #parse(byte[], int, int)}. */
  static Uri parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  /** Parses exactly {@code b[start, end)}: no surrounding LWS is skipped. */
  static Uri parseExact(byte[] b, int start, int end) {
    return dispatch(b, start, end, false);
  }

  /**
   * Parses the URI that starts at {@code start} and ends at the first octet that cannot continue
   * it, at or before {@code end}; its {@link #wireLength()} tells where it stopped. For URIs
   * embedded in other syntax, such as {@code <uri>} in a name-addr, which is then read in one
   * pass.
   */
  static Uri parsePrefix(byte[] b, int start, int end) {
    return dispatch(b, start, end, true);
  }

  private static Uri dispatch(byte[] b, int start, int end, boolean prefix) {
    int colon = schemeEnd(b, start, end);
    int schemeLen = colon - start;
    if (schemeLen == 3 && SipChars.equalsIgnoreCase(b, start, 3, "sip")) {
      return SipUri.parseAfterScheme(b, start, end, false, colon + 1, prefix);
    }
    if (schemeLen == 4 && SipChars.equalsIgnoreCase(b, start, 4, "sips")) {
      return SipUri.parseAfterScheme(b, start, end, true, colon + 1, prefix);
    }
    if (schemeLen == 3 && SipChars.equalsIgnoreCase(b, start, 3, "tel")) {
      return TelUri.parseAfterScheme(b, start, end, colon + 1, prefix);
    }
    return AbsoluteUri.parseAfterScheme(b, start, end, colon, prefix);
  }

  /**
   * The index of the ':' that ends {@code scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}.
   */
  private static int schemeEnd(byte[] b, int start, int end) {
    if (start >= end) {
      throw SipParseException.badRequest("bad URI: empty");
    }
    if (!SipChars.is(b[start], SipChars.ALPHA)) {
      throw SipParseException.badRequest("bad URI: no scheme");
    }
    int i = start + 1;
    while (i < end && SipChars.is(b[i], SipChars.SCHEME)) {
      i++;
    }
    if (i >= end || b[i] != ':') {
      throw SipParseException.badRequest("bad URI: no scheme");
    }
    return i;
  }
}
