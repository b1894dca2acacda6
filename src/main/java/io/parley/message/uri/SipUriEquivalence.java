package io.parley.message.uri;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * SIP URI comparison, RFC 3261 §19.1.4.
 *
 * <ul>
 *   <li>sip and sips never match each other;
 *   <li>userinfo compares case-sensitively, everything else case-insensitively, all after
 *       resolving escapes;
 *   <li>hosts compare as text, IPv4 and IPv6 addresses as addresses; a hostname never matches
 *       an address;
 *   <li>a URI without a port does not match one with the default port written out;
 *   <li>user, ttl, method, maddr and transport must be in both or neither; other parameters
 *       only count when both URIs have them;
 *   <li>every header must be in both and match.
 * </ul>
 */
final class SipUriEquivalence {
  private static final String[] MUST_MATCH = {"user", "ttl", "method", "maddr", "transport"};

  private SipUriEquivalence() {}

  static boolean equivalent(SipUri a, SipUri b) {
    if (a.isSecure() != b.isSecure() || a.port() != b.port()) {
      return false;
    }
    if (a.hasUser() != b.hasUser()) {
      return false;
    }
    if (a.hasUser()) {
      if (!PercentEscapes.equalUnescaped(a.buf(), a.userOff(), a.userLen(), b.buf(), b.userOff(),
          b.userLen(), false)) {
        return false;
      }
      boolean aPass = a.passOff() >= 0;
      if (aPass != b.passOff() >= 0 || aPass && !PercentEscapes.equalUnescaped(a.buf(),
          a.passOff(), a.passLen(), b.buf(), b.passOff(), b.passLen(), false)) {
        return false;
      }
    }
    if (!sameHost(a.buf(), a.hostOff(), a.hostLen(), b.buf(), b.hostOff(), b.hostLen())) {
      return false;
    }
    for (String name : MUST_MATCH) {
      if (a.hasParam(name) != b.hasParam(name)) {
        return false;
      }
    }
    return paramsAgree(a, b) && headersAgree(a, b) && headersAgree(b, a);
  }

  /** Every parameter of {@code a} that {@code b} also has carries the same value. */
  private static boolean paramsAgree(SipUri a, SipUri b) {
    byte[] ab = a.buf();
    int end = a.paramsEnd();
    for (int at = a.paramsOff(); at >= 0 && at < end; at = UriParams.next(ab, at + 1, end)) {
      int nameEnd = UriParams.nameEnd(ab, at, end);
      String name = PercentEscapes.unescapeToString(ab, at + 1, nameEnd - at - 1);
      int other = UriParams.find(b.buf(), b.paramsOff(), b.paramsEnd(), name);
      if (b.paramsOff() < 0 || other < 0) {
        continue;
      }
      byte[] av = rawValue(ab, at, end);
      byte[] bv = rawValue(b.buf(), other, b.paramsEnd());
      if (!PercentEscapes.equalUnescaped(av, 0, av.length, bv, 0, bv.length, true)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] rawValue(byte[] b, int at, int end) {
    return UriParams.value(b, at, end).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Every header of {@code a} is in {@code b} with the same value. */
  private static boolean headersAgree(SipUri a, SipUri b) {
    if (a.headersOff() < 0) {
      return true;
    }
    if (b.headersOff() < 0) {
      return false;
    }
    byte[] ab = a.buf();
    int end = a.end();
    int i = a.headersOff();
    while (i < end) {
      int eq = SipChars.indexOf(ab, i, end, (byte) '=');
      int amp = SipChars.indexOf(ab, eq, end, (byte) '&');
      int stop = amp < 0 ? end : amp;
      String other = b.header(PercentEscapes.unescapeToString(ab, i, eq - i));
      if (other == null) {
        return false;
      }
      byte[] ov = other.getBytes(StandardCharsets.ISO_8859_1);
      if (!PercentEscapes.equalUnescaped(ab, eq + 1, stop - eq - 1, ov, 0, ov.length, false)) {
        return false;
      }
      i = stop + 1;
    }
    return true;
  }

  static boolean sameHost(byte[] a, int aOff, int aLen, String host) {
    byte[] b = host.getBytes(StandardCharsets.ISO_8859_1);
    return sameHost(a, aOff, aLen, b, 0, b.length);
  }

  /** Hosts compared as addresses when both are IP addresses, else as case-insensitive text. */
  static boolean sameHost(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    if (SipChars.equalsIgnoreCase(a, aOff, aLen, b, bOff, bLen)) {
      return true;
    }
    byte[] x = address(a, aOff, aLen);
    return x != null && Arrays.equals(x, address(b, bOff, bLen));
  }

  /** The octets of an IPv4 address or (bracketed or bare) IPv6 address, else null. */
  private static byte[] address(byte[] b, int off, int len) {
    if (len >= 2 && b[off] == '[' && b[off + len - 1] == ']') {
      return HostSyntax.ipv6Octets(b, off + 1, off + len - 1);
    }
    if (SipChars.indexOf(b, off, off + len, (byte) ':') >= 0) {
      return HostSyntax.ipv6Octets(b, off, off + len);
    }
    return HostSyntax.ipv4Octets(b, off, off + len);
  }
}
