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

  static Via read(HeaderCursor c) {
    c.skipLws();
    if (c.atEnd()) {
      throw c.error("empty value");
    }
    byte[] b = c.b;
    int start = c.pos;
    int protoOff;
    int protoEnd;
    int versionOff;
    int versionEnd;
    if (isSip20(b, start, c.end)) {
      // what every Via says, read at once: the general path below gives the same offsets
      protoOff = start;
      protoEnd = start + 3;
      versionOff = start + 4;
      versionEnd = start + 7;
      c.pos = start + 8;
      c.skipLws();
    } else {
      protoOff = c.token("missing protocol name");
      protoEnd = c.pos;
      slash(c);
      versionOff = c.token("missing protocol version");
      versionEnd = c.pos;
      slash(c);
    }
    int transportOff = c.token("missing transport");
    int transportEnd = c.pos;
    if (!c.atLws()) {
      throw c.error("missing sent-by");
    }
    c.skipLws();
    if (c.atEnd() || c.peek() == ';' || c.peek() == ',') {
      throw c.error("missing sent-by");
    }
    int hostOff = c.pos;
    c.pos = HostSyntax.scanHost(b, c.pos, c.end, "Via");
    int hostEnd = c.pos;
    int lastEnd = c.pos;
    c.skipLws();
    int port = -1;
    if (c.at(':')) {
      c.pos++;
      c.skipLws();
      int portStart = c.pos;
      while (c.pos < c.end && SipChars.is(b[c.pos], SipChars.DIGIT)) {
        c.pos++;
      }
      port = HostSyntax.parsePort(b, portStart, c.pos, "Via");
      lastEnd = c.pos;
      c.skipLws();
    }
    Parameters params = Parameters.parse(c);
    if (!params.isEmpty()) {
      lastEnd = params.paramsEnd();
      check(params, c);
    }
    return new Via(b, start, lastEnd - start, protoOff, protoEnd, versionOff, versionEnd,
        transportOff, transportEnd, hostOff, hostEnd, port, params);
  }

  /** Whether {@code SIP/2.0/} starts at {@code p}, as written in nearly every Via. */
  private static boolean isSip20(byte[] b, int p, int end) {
    return end - p >= 8 && b[p] == 'S' && b[p + 1] == 'I' && b[p + 2] == 'P' && b[p + 3] == '/'
        && b[p + 4] == '2' && b[p + 5] == '.' && b[p + 6] == '0' && b[p + 7] == '/';
  }

  /** SLASH = SWS "/" SWS (RFC 3261 §25.1). */
  private static void slash(HeaderCursor c) {
    c.skipLws();
    if (!c.at('/')) {
      throw c.error("bad sent-protocol");
    }
    c.pos++;
    c.skipLws();
  }

  private static void check(Parameters p, HeaderCursor c) {
    byte[] b = p.buffer();
    for (int i = 0; i < p.size(); i++) {
      int v = p.valueOffset(i);
      int n = p.valueLength(i);
      // the names checked differ in length: one comparison at most per parameter
      switch (p.nameLength(i)) {
        case 6 -> {
          if (p.nameIs(i, "branch") && (v < 0 || !isToken(b, v, n))) {
            throw c.error("bad branch");
          }
        }
        case 8 -> {
          if (p.nameIs(i, "received") && (v < 0 || !isAddress(b, v, n))) {
            throw c.error("received is not an IP address");
          }
        }
        case 5 -> {
          if (p.nameIs(i, "rport")) {
            if (v >= 0) {
              HostSyntax.parsePort(b, v, v + n, "Via");
            }
          } else if (p.nameIs(i, "maddr")
              && (v < 0 || HostSyntax.scanHost(b, v, v + n, "Via") != v + n)) {
            throw c.error("bad maddr");
          }
        }
        case 3 -> {
          if (p.nameIs(i, "ttl")
              && (v < 0 || n > 3 || digits(b, v, n) < 0 || digits(b, v, n) > 255)) {
            throw c.error("bad ttl");
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
