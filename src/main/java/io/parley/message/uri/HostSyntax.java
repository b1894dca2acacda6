package io.parley.message.uri;

import io.parley.message.SipParseException;

/**
 * The {@code host} and {@code port} rules of RFC 3261 §25.1: hostname, IPv4address and IPv6
 * reference, with the IPv6 readings of RFC 5118.
 *
 * <p>Deliberate tolerances, each seen in the field or required by RFC 5118:
 * <ul>
 *   <li>{@code _} inside hostname labels (SRV-style names);
 *   <li>the RFC 3261 ABNF bug {@code 2001:db8:::192.0.2.1}, three colons before an embedded IPv4
 *       address (RFC 5118 §4.10 asks implementations to accept it);
 *   <li>a top label that starts with a digit, as long as it is not all digits (RFC 1123 names).
 * </ul>
 * An all-numeric dotted host must be a valid IPv4 address: {@code 192.0.2.256} is rejected.
 */
public final class HostSyntax {
  private HostSyntax() {}

  /**
   * Reads one host starting at {@code off}: an IPv6 reference in brackets, or a hostname or IPv4
   * address. Returns the index just after it; the caller checks what follows.
   *
   * @throws SipParseException naming {@code what} when no valid host starts at {@code off}
   */
  public static int scanHost(byte[] b, int off, int end, String what) {
    if (off >= end) {
      throw SipParseException.badRequest("bad " + what + ": missing host");
    }
    if (b[off] == '[') {
      int close = SipChars.indexOf(b, off + 1, end, (byte) ']');
      if (close < 0 || !isIpv6(b, off + 1, close)) {
        throw SipParseException.badRequest("bad " + what + ": bad IPv6 reference");
      }
      return close + 1;
    }
    int stop = hostnameEnd(b, off, end);
    if (stop < 0) {
      throw SipParseException.badRequest("bad " + what + ": bad host");
    }
    return stop;
  }

  /** Whether {@code b[off, end)} is a hostname or an IPv4 address. */
  public static boolean isHostnameOrIpv4(byte[] b, int off, int end) {
    return hostnameEnd(b, off, end) == end;
  }

  // Octet kinds of a hostname or IPv4 address; 0 ends it.
  private static final int DIGIT = 1;
  private static final int ALPHA = 2;
  private static final int DASH = 4;
  private static final int DOT = 8;
  /**
   * Per octet: its kind in the low byte, and in the high byte the kinds that may not follow it,
   * '.' or '-' after a '.' (an empty label, a label starting with '-') and '.' after a '-' (a
   * label ending with '-').
   */
  private static final short[] HOST_OCTET = new short[256];

  static {
    for (int c = 0; c < 256; c++) {
      int kind = c >= '0' && c <= '9' ? DIGIT
          : c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' ? ALPHA
          : c == '-' ? DASH
          : c == '.' ? DOT
          : 0;
      int barred = kind == DOT ? DOT | DASH : kind == DASH ? DOT : 0;
      HOST_OCTET[c] = (short) (kind | barred << 8);
    }
  }

  /**
   * Reads a hostname or IPv4 address from {@code off} up to the first octet that cannot be part
   * of one, checking it in the same pass: labels of alphanum, '-' and '_' that neither start nor
   * end with '-', an optional final dot, and a last label that is not all digits unless the
   * whole host is a dotted quad. Returns the index after the host, or -1 when it is not valid.
   *
   * <p>The loop leaves only where the host ends: the label rules are checked by carrying the
   * kinds the previous octet bars, and which kinds occurred is collected, not branched on,
   * because a branch at every dot costs more than the rest of the work.
   */
  private static int hostnameEnd(byte[] b, int off, int end) {
    int barred = DOT | DASH; // the first label may not start with '-' or '.' either
    int bad = 0;
    int kinds = 0;
    int i = off;
    while (i < end) {
      int t = HOST_OCTET[b[i] & 0xFF];
      if (t == 0) {
        break;
      }
      bad |= barred & t;
      kinds |= t;
      barred = t >>> 8;
      i++;
    }
    int prev = i > off ? HOST_OCTET[b[i - 1] & 0xFF] & 0xFF : 0;
    if (i == off || bad != 0 || prev == DASH) {
      return -1;
    }
    if (prev != DOT && (kinds & (ALPHA | DASH)) == 0) {
      return isIpv4(b, off, i) ? i : -1;
    }
    // the last label (before a final dot) may not be all digits
    int j = prev == DOT ? i - 1 : i;
    int last = 0;
    while (j > off) {
      int k = HOST_OCTET[b[j - 1] & 0xFF] & 0xFF;
      if (k == DOT) {
        break;
      }
      last |= k;
      j--;
    }
    return (last & (ALPHA | DASH)) == 0 ? -1 : i;
  }

  /** Whether {@code b[off, end)} is a dotted-quad IPv4 address, each part 0..255. */
  public static boolean isIpv4(byte[] b, int off, int end) {
    int parts = 0;
    int i = off;
    while (true) {
      if (i >= end) {
        return false;
      }
      int value = b[i] - '0';
      if (value < 0 || value > 9) {
        return false;
      }
      i++;
      for (int k = 1; k < 3 && i < end; k++, i++) {
        int d = b[i] - '0';
        if (d < 0 || d > 9) {
          break;
        }
        value = value * 10 + d;
      }
      if (value > 255) {
        return false;
      }
      parts++;
      if (i == end) {
        return parts == 4;
      }
      if (b[i] != '.' || parts == 4) {
        return false;
      }
      i++;
    }
  }

  /** Whether {@code b[off, end)} is an IPv6 address (no brackets), RFC 3261 §25.1 as tolerated. */
  public static boolean isIpv6(byte[] b, int off, int end) {
    return parseIpv6(b, off, end, null);
  }

  /**
   * The 16 octets of an IPv6 address (no brackets), or null when it is not one. Used to compare
   * addresses written in different forms ({@code ::1} and {@code 0:0::1}).
   */
  public static byte[] ipv6Octets(byte[] b, int off, int end) {
    byte[] out = new byte[16];
    return parseIpv6(b, off, end, out) ? out : null;
  }

  /**
   * The 4 octets of an IPv4 address, or null when it is not one.
   */
  public static byte[] ipv4Octets(byte[] b, int off, int end) {
    if (!isIpv4(b, off, end)) {
      return null;
    }
    byte[] out = new byte[4];
    int k = 0;
    int v = 0;
    for (int i = off; i < end; i++) {
      if (b[i] == '.') {
        out[k++] = (byte) v;
        v = 0;
      } else {
        v = v * 10 + (b[i] - '0');
      }
    }
    out[k] = (byte) v;
    return out;
  }

  /**
   * IPv6address = hexpart [ ":" IPv4address ], hexpart = hexseq / hexseq "::" [ hexseq ] /
   * "::" [ hexseq ] (RFC 3261 §25.1). Because the ABNF lets {@code hexseq "::"} be followed by
   * {@code ":" IPv4address}, three colons before an IPv4 tail are accepted (RFC 5118 §4.10).
   */
  private static boolean parseIpv6(byte[] b, int off, int end, byte[] out) {
    int groups = 0;
    int doubleAt = -1;
    int i = off;
    if (end - off >= 2 && b[off] == ':' && b[off + 1] == ':') {
      doubleAt = 0;
      i += 2;
      if (i == end) {
        return fill(out, groups, doubleAt);
      }
      if (b[i] == ':') {
        return ipv4Tail(b, i + 1, end, out, groups, doubleAt);
      }
    }
    while (true) {
      int j = i;
      while (j < end && j - i <= 4 && SipChars.is(b[j], SipChars.HEX)) {
        j++;
      }
      if (j < end && b[j] == '.') {
        return ipv4Tail(b, i, end, out, groups, doubleAt);
      }
      if (j == i || j - i > 4 || groups == 8) {
        return false;
      }
      if (out != null) {
        int v = 0;
        for (int k = i; k < j; k++) {
          v = v << 4 | SipChars.hexValue(b[k]);
        }
        out[groups * 2] = (byte) (v >> 8);
        out[groups * 2 + 1] = (byte) v;
      }
      groups++;
      i = j;
      if (i == end) {
        return fill(out, groups, doubleAt);
      }
      if (b[i] != ':') {
        return false;
      }
      i++;
      if (i < end && b[i] == ':') {
        if (doubleAt >= 0) {
          return false;
        }
        doubleAt = groups;
        i++;
        if (i == end) {
          return fill(out, groups, doubleAt);
        }
        if (b[i] == ':') {
          return ipv4Tail(b, i + 1, end, out, groups, doubleAt);
        }
      } else if (i == end) {
        return false;
      }
    }
  }

  private static boolean ipv4Tail(byte[] b, int off, int end, byte[] out, int groups, int doubleAt) {
    if (groups > 6 || !isIpv4(b, off, end)) {
      return false;
    }
    if (out != null) {
      byte[] v4 = ipv4Octets(b, off, end);
      System.arraycopy(v4, 0, out, groups * 2, 4);
    }
    return fill(out, groups + 2, doubleAt);
  }

  /** Checks the group count and moves the groups after "::" to the end of the 16 octets. */
  private static boolean fill(byte[] out, int groups, int doubleAt) {
    if (doubleAt < 0 ? groups != 8 : groups > 7) {
      return false;
    }
    if (out != null && doubleAt >= 0) {
      int tailBytes = (groups - doubleAt) * 2;
      System.arraycopy(out, doubleAt * 2, out, 16 - tailBytes, tailBytes);
      for (int k = doubleAt * 2; k < 16 - tailBytes; k++) {
        out[k] = 0;
      }
    }
    return true;
  }

  /**
   * Parses {@code port = 1*DIGIT} in {@code b[off, end)}, limited to 1..65535.
   *
   * @throws SipParseException naming {@code what} when the range is not such a port
   */
  public static int parsePort(byte[] b, int off, int end, String what) {
    if (off >= end) {
      throw SipParseException.badRequest("bad " + what + ": empty port");
    }
    int value = 0;
    for (int i = off; i < end; i++) {
      if (!SipChars.is(b[i], SipChars.DIGIT)) {
        throw SipParseException.badRequest("bad " + what + ": bad port");
      }
      value = value * 10 + (b[i] - '0');
      if (value > 65535) {
        throw SipParseException.badRequest("bad " + what + ": port out of range");
      }
    }
    if (value == 0) {
      throw SipParseException.badRequest("bad " + what + ": port out of range");
    }
    return value;
  }
}
