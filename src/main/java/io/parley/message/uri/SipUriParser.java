package io.parley.message.uri;

import io.parley.message.SipParseException;

/**
 * Reads {@code SIP-URI = "sip:" [ userinfo ] hostport uri-parameters [ headers ]} and its
 * {@code sips} twin (RFC 3261 §19.1.1, §25.1), recording offsets only.
 *
 * <p>In prefix mode the URI ends at the first octet that cannot continue it, for callers that
 * find its end by reading it ('>' in a name-addr); otherwise it must fill the range.
 *
 * <p>The userinfo ends at the first '@': no character of hostport, uri-parameters or headers may
 * be an '@', while the user part may hold ';', '?', '/' and ',' (RFC 4475 §3.1.1.2, §3.1.1.9),
 * so the '@' is searched for over every character a userinfo may contain.
 */
final class SipUriParser {
  private static final String WHAT = "SIP URI";

  private SipUriParser() {}

  static SipUri parse(byte[] b, int start, int end, boolean secure, int p, boolean prefix) {
    int userOff = -1;
    int userLen = -1;
    int passOff = -1;
    int passLen = -1;
    int i = p;
    // the classes every octet before the '@' shares: when that includes PLAIN_USER, the
    // userinfo is a user without password or escapes, valid without a second look
    int shared = ~0;
    while (i < end) {
      int k = SipChars.classesOf(b[i]);
      if ((k & SipChars.USERINFO) == 0) {
        break;
      }
      shared &= k;
      i++;
    }
    if (i < end && b[i] == '@' && i > p && (shared & SipChars.PLAIN_USER) != 0) {
      userOff = p;
      userLen = i - p;
      i++;
    } else if (i < end && b[i] == '@') {
      int at = i;
      int colon = SipChars.indexOf(b, p, at, (byte) ':');
      int userEnd = colon < 0 ? at : colon;
      if (userEnd == p) {
        throw SipParseException.badRequest("bad SIP URI: empty user");
      }
      if (PercentEscapes.firstInvalid(b, p, userEnd, SipChars.USER) >= 0) {
        throw SipParseException.badRequest("bad SIP URI: bad user");
      }
      userOff = p;
      userLen = userEnd - p;
      if (colon >= 0) {
        if (PercentEscapes.firstInvalid(b, colon + 1, at, SipChars.PASSWORD) >= 0) {
          throw SipParseException.badRequest("bad SIP URI: bad password");
        }
        passOff = colon + 1;
        passLen = at - colon - 1;
      }
      i = at + 1;
    } else {
      i = p;
    }
    int hostOff = i;
    try {
      i = HostSyntax.scanHost(b, i, end, WHAT);
    } catch (SipParseException e) {
      if (bareIpv6(b, hostOff, end)) {
        throw SipParseException.badRequest("bad SIP URI: IPv6 address without brackets");
      }
      throw e;
    }
    int hostLen = i - hostOff;
    int port = -1;
    if (i < end && b[i] == ':') {
      int portStart = i + 1;
      i = portStart;
      while (i < end && SipChars.is(b[i], SipChars.DIGIT)) {
        i++;
      }
      if (i < end && (b[i] == ':' || SipChars.is(b[i], SipChars.HEX)) && bareIpv6(b, hostOff, end)) {
        throw SipParseException.badRequest("bad SIP URI: IPv6 address without brackets");
      }
      port = HostSyntax.parsePort(b, portStart, i, WHAT);
    }
    int paramsOff = -1;
    int paramsEnd = -1;
    if (i < end && b[i] == ';') {
      paramsOff = i;
      i = params(b, i, end);
      paramsEnd = i;
    }
    int headersOff = -1;
    if (i < end && b[i] == '?') {
      headersOff = i + 1;
      i = headers(b, headersOff, end);
    }
    if (i != end && !prefix) {
      throw SipParseException.badRequest("bad SIP URI: unexpected character");
    }
    return new SipUri(b, start, i - start, secure, userOff, userLen, passOff, passLen,
        hostOff, hostLen, port, paramsOff, paramsEnd, headersOff);
  }

  /**
   * uri-parameters = *( ";" uri-parameter ), each {@code pname [ "=" pvalue ]} of paramchars;
   * returns the index after the last one. ttl (1*3DIGIT, at most 255) and maddr (a host) are
   * checked because routing reads them (RFC 3261 §19.1.1).
   */
  private static int params(byte[] b, int i, int end) {
    while (i < end && b[i] == ';') {
      int nameStart = i + 1;
      int j = scan(b, nameStart, end, SipChars.PARAMCHAR);
      if (j == nameStart) {
        throw SipParseException.badRequest("bad SIP URI: empty parameter");
      }
      int nameEnd = j;
      if (j < end && b[j] == '=') {
        int valueStart = j + 1;
        j = scan(b, valueStart, end, SipChars.PARAMCHAR);
        if (j == valueStart) {
          throw SipParseException.badRequest("bad SIP URI: empty parameter value");
        }
        checkKnown(b, nameStart, nameEnd, valueStart, j);
      }
      i = j;
    }
    return i;
  }

  private static void checkKnown(byte[] b, int nameStart, int nameEnd, int valueStart, int valueEnd) {
    int nameLen = nameEnd - nameStart;
    if (nameLen == 3 && SipChars.equalsIgnoreCase(b, nameStart, 3, "ttl")) {
      if (valueEnd - valueStart > 3 || parseDigits(b, valueStart, valueEnd) > 255) {
        throw SipParseException.badRequest("bad SIP URI: bad ttl");
      }
    } else if (nameLen == 5 && SipChars.equalsIgnoreCase(b, nameStart, 5, "maddr")) {
      if (HostSyntax.scanHost(b, valueStart, valueEnd, WHAT) != valueEnd) {
        throw SipParseException.badRequest("bad SIP URI: bad maddr");
      }
    }
  }

  private static int parseDigits(byte[] b, int from, int to) {
    int v = 0;
    for (int k = from; k < to; k++) {
      if (!SipChars.is(b[k], SipChars.DIGIT)) {
        return Integer.MAX_VALUE;
      }
      v = v * 10 + (b[k] - '0');
    }
    return v;
  }

  /** headers = "?" header *( "&" header ), header = hname "=" hvalue (RFC 3261 §25.1). */
  private static int headers(byte[] b, int i, int end) {
    while (true) {
      int nameStart = i;
      i = scan(b, i, end, SipChars.HNV);
      if (i == nameStart || i >= end || b[i] != '=') {
        throw SipParseException.badRequest("bad SIP URI: bad header");
      }
      i = scan(b, i + 1, end, SipChars.HNV);
      if (i < end && b[i] == '&') {
        i++;
      } else {
        return i;
      }
    }
  }

  /** Scans characters of {@code classes} and well-formed escapes; returns the stop index. */
  private static int scan(byte[] b, int i, int end, int classes) {
    while (i < end) {
      byte c = b[i];
      if (c == '%') {
        if (i + 2 >= end || SipChars.hexValue(b[i + 1]) < 0 || SipChars.hexValue(b[i + 2]) < 0) {
          throw SipParseException.badRequest("bad SIP URI: bad escape");
        }
        i += 3;
      } else if (SipChars.is(c, classes)) {
        i++;
      } else {
        return i;
      }
    }
    return i;
  }

  /** Whether an IPv6 address without brackets starts at {@code off} (RFC 5118 §4.2). */
  private static boolean bareIpv6(byte[] b, int off, int end) {
    int i = off;
    while (i < end && (b[i] == ':' || b[i] == '.' || SipChars.is(b[i], SipChars.HEX))) {
      i++;
    }
    return HostSyntax.isIpv6(b, off, i);
  }
}
