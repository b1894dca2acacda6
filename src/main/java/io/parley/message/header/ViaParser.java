package io.parley.message.header;

import io.parley.message.uri.HostSyntax;
import io.parley.message.uri.SipChars;

/**
 * Reads one {@code via-parm} (RFC 3261 §25.1) for {@link Via}: the sent-protocol with LWS
 * allowed around its slashes, the sent-by, and the parameters, checking those that transactions
 * and response routing read.
 */
final class ViaParser {
  private ViaParser() {}

  private static final String WHAT = "Via";

  /**
   * Reads one Via value starting at {@code start}, where LWS before it has been skipped; the
   * value ends at {@code start + wireLength()}, and only LWS, a ',' or the end may follow.
   */
  static Via read(byte[] b, int start, int end) {
    if (start >= end) {
      throw HeaderLex.error(WHAT, "empty value");
    }
    int p = start;
    int protoOff;
    int protoEnd;
    int versionOff;
    int versionEnd;
    if (isSip20(b, start, end)) {
      // what every Via says, read at once: the general path below gives the same offsets
      protoOff = start;
      protoEnd = start + 3;
      versionOff = start + 4;
      versionEnd = start + 7;
      p = HeaderLex.lws(b, start + 8, end);
    } else {
      protoOff = p;
      p = protoEnd = HeaderLex.token(b, p, end, WHAT, "missing protocol name");
      p = slash(b, p, end);
      versionOff = p;
      p = versionEnd = HeaderLex.token(b, p, end, WHAT, "missing protocol version");
      p = slash(b, p, end);
    }
    int transportOff = p;
    p = HeaderLex.token(b, p, end, WHAT, "missing transport");
    int transportEnd = p;
    int hostOff = HeaderLex.lws(b, p, end);
    if (hostOff == p || hostOff >= end || b[hostOff] == ';' || b[hostOff] == ',') {
      throw HeaderLex.error(WHAT, "missing sent-by");
    }
    p = HostSyntax.scanHost(b, hostOff, end, WHAT);
    int hostEnd = p;
    int lastEnd = p;
    p = HeaderLex.lws(b, p, end);
    int port = -1;
    if (HeaderLex.at(b, p, end, ':')) {
      p = HeaderLex.lws(b, p + 1, end);
      int portStart = p;
      while (p < end && SipChars.is(b[p], SipChars.DIGIT)) {
        p++;
      }
      port = HostSyntax.parsePort(b, portStart, p, WHAT);
      lastEnd = p;
      p = HeaderLex.lws(b, p, end);
    }
    Parameters params = Parameters.read(b, p, end, WHAT);
    if (!params.isEmpty()) {
      lastEnd = params.paramsEnd();
      check(params);
    }
    return new Via(b, start, lastEnd - start, protoOff, protoEnd, versionOff, versionEnd,
        transportOff, transportEnd, hostOff, hostEnd, port, params);
  }

  /** Whether {@code SIP/2.0/} starts at {@code p}, as written in nearly every Via. */
  private static boolean isSip20(byte[] b, int p, int end) {
    return end - p >= 8 && b[p] == 'S' && b[p + 1] == 'I' && b[p + 2] == 'P' && b[p + 3] == '/'
        && b[p + 4] == '2' && b[p + 5] == '.' && b[p + 6] == '0' && b[p + 7] == '/';
  }

  /** SLASH = SWS "/" SWS (RFC 3261 §25.1); returns the position after it. */
  private static int slash(byte[] b, int p, int end) {
    p = HeaderLex.lws(b, p, end);
    if (!HeaderLex.at(b, p, end, '/')) {
      throw HeaderLex.error(WHAT, "bad sent-protocol");
    }
    return HeaderLex.lws(b, p + 1, end);
  }

  private static void check(Parameters p) {
    byte[] b = p.buffer();
    for (int i = 0; i < p.size(); i++) {
      int v = p.valueOffset(i);
      int n = p.valueLength(i);
      // the names checked differ in length: one comparison at most per parameter
      switch (p.nameLength(i)) {
        case 6 -> {
          if (p.nameIs(i, "branch") && (v < 0 || !isToken(b, v, n))) {
            throw HeaderLex.error(WHAT, "bad branch");
          }
        }
        case 8 -> {
          if (p.nameIs(i, "received") && (v < 0 || !isAddress(b, v, n))) {
            throw HeaderLex.error(WHAT, "received is not an IP address");
          }
        }
        case 5 -> {
          if (p.nameIs(i, "rport")) {
            if (v >= 0) {
              HostSyntax.parsePort(b, v, v + n, "Via");
            }
          } else if (p.nameIs(i, "maddr")
              && (v < 0 || HostSyntax.scanHost(b, v, v + n, "Via") != v + n)) {
            throw HeaderLex.error(WHAT, "bad maddr");
          }
        }
        case 3 -> {
          if (p.nameIs(i, "ttl")
              && (v < 0 || n > 3 || digits(b, v, n) < 0 || digits(b, v, n) > 255)) {
            throw HeaderLex.error(WHAT, "bad ttl");
          }
        }
        default -> { }
      }
    }
  }

  /** The value of 1*DIGIT, or -1. */
  private static int digits(byte[] b, int off, int len) {
    int v = 0;
    for (int i = off; i < off + len; i++) {
      if (!SipChars.is(b[i], SipChars.DIGIT)) {
        return -1;
      }
      v = v * 10 + (b[i] - '0');
    }
    return len > 0 ? v : -1;
  }

  private static boolean isToken(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (!SipChars.isToken(b[i])) {
        return false;
      }
    }
    return len > 0;
  }

  /** IPv4address / IPv6address, the IPv6 form with or without brackets (RFC 5118 §4.5). */
  private static boolean isAddress(byte[] b, int off, int len) {
    if (len > 2 && b[off] == '[' && b[off + len - 1] == ']') {
      return HostSyntax.isIpv6(b, off + 1, off + len - 1);
    }
    return HostSyntax.isIpv4(b, off, off + len) || HostSyntax.isIpv6(b, off, off + len);
  }

}
