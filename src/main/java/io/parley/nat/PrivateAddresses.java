package io.parley.nat;

/**
 * Address literals that cannot be reached from the public Internet, so a UA that names one in
 * its Contact or Via sits behind a NAT: RFC 1918 (10/8, 172.16/12, 192.168/16), RFC 6598's
 * shared address space of carrier-grade NATs (100.64/10), IPv4 link-local (169.254/16, RFC
 * 3927), IPv6 unique local (fc00::/7, RFC 4193) and link-local (fe80::/10, RFC 4291 §2.5.6).
 * Loopback is not among them: a UA on 127.0.0.1 talks to a server on the same host, no NAT
 * between them. A host name is never looked up (no DNS here): it is not a private address.
 */
public final class PrivateAddresses {
  private PrivateAddresses() {}

  /** Whether {@code host} (a URI's or Via's host: dotted IPv4, or IPv6 with or without brackets) is private. */
  public static boolean isPrivate(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    if (host.indexOf(':') >= 0) {
      return isPrivateV6(host);
    }
    int[] o = ipv4(host);
    if (o == null) {
      return false;
    }
    return o[0] == 10
        || (o[0] == 172 && (o[1] & 0xF0) == 16)
        || (o[0] == 192 && o[1] == 168)
        || (o[0] == 100 && (o[1] & 0xC0) == 64)
        || (o[0] == 169 && o[1] == 254);
  }

  /** The four octets of a dotted-quad literal, or null when {@code s} is not one. */
  static int[] ipv4(String s) {
    int[] o = new int[4];
    int part = 0;
    int value = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (value > 255) {
          return null;
        }
      } else if (c == '.' && value >= 0 && part < 3) {
        o[part++] = value;
        value = -1;
      } else {
        return null;
      }
    }
    if (part != 3 || value < 0) {
      return null;
    }
    o[3] = value;
    return o;
  }

  /** fc00::/7 and fe80::/10, from the first group of the literal; "::…" starts with zero. */
  private static boolean isPrivateV6(String host) {
    String h = host.startsWith("[") ? host.substring(1) : host;
    int end = h.indexOf(':');
    if (end <= 0 || end > 4) {
      return false;
    }
    int first;
    try {
      first = Integer.parseInt(h.substring(0, end), 16);
    } catch (NumberFormatException e) {
      return false;
    }
    return (first & 0xFE00) == 0xFC00 || (first & 0xFFC0) == 0xFE80;
  }
}
