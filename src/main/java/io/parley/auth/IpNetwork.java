package io.parley.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network in CIDR notation (RFC 4632 §3.1, RFC 4291 §2.3): an address and a
 * prefix length, {@code 192.0.2.0/24} or {@code 2001:db8::/32}. A bare address is a network of
 * one ({@code /32} or {@code /128}).
 *
 * <p>Only literals are read, never names: parsing never asks DNS. A network whose address has
 * bits set past the prefix ({@code 10.0.0.1/8}) is refused rather than silently widened, so a
 * typo cannot trust more than was meant. IPv4 parts with a leading zero are refused too: some
 * tools read them as octal. The canonical text ({@link #toString()}) is the address in its
 * shortest form (RFC 5952 §4 for IPv6), a slash and the prefix; it is what the trusted-peer
 * table stores and what an operator deletes by.
 *
 * @param address the network's address, host bits zero; 4 or 16 bytes
 * @param prefix the number of leading bits that count, 0..32 or 0..128
 */
public record IpNetwork(byte[] address, int prefix) {

  /** The longest canonical text: a full IPv6 address, {@code /128}. */
  public static final int MAX_TEXT = 43;

  public IpNetwork {
    if (address == null || address.length != 4 && address.length != 16) {
      throw new IllegalArgumentException("an address has 4 or 16 bytes");
    }
    if (prefix < 0 || prefix > address.length * 8) {
      throw new IllegalArgumentException("prefix " + prefix + " is out of range");
    }
    address = address.clone();
  }

  /**
   * Reads {@code 192.0.2.0/24}, {@code 2001:db8::/32}, {@code 192.0.2.7} or {@code [2001:db8::7]}.
   *
   * @throws IllegalArgumentException with a message for the operator if {@code text} is none
   */
  public static IpNetwork parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a network is required, like 192.0.2.0/24, 2001:db8::/32 or 192.0.2.7");
    }
    String t = text.strip();
    if (t.length() > MAX_TEXT + 2) {
      throw invalid(text, "it is too long");
    }
    int slash = t.indexOf('/');
    String host = slash < 0 ? t : t.substring(0, slash);
    if (host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
      host = host.substring(1, host.length() - 1);
    }
    byte[] bytes = literal(host);
    if (bytes == null) {
      throw invalid(text, "'" + host + "' is not an IPv4 or IPv6 address (host names are not accepted)");
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
          || (p.length() > 1 && p.charAt(0) == '0')) {
        throw invalid(text, "the prefix length must be a number from 0 to " + bits);
      }
      prefix = Integer.parseInt(p);
      if (prefix > bits) {
        throw invalid(text, "the prefix length must be a number from 0 to " + bits);
      }
    }
    byte[] masked = masked(bytes, prefix);
    if (!Arrays.equals(masked, bytes)) {
      throw invalid(text, "the address has bits set past the /" + prefix + " prefix; did you mean "
          + new IpNetwork(masked, prefix) + "?");
    }
    return new IpNetwork(bytes, prefix);
  }

  /**
   * Reads one address, {@code 192.0.2.7}, {@code 2001:db8::7} or {@code [2001:db8::7]}; never a
   * name, never a lookup.
   *
   * @throws IllegalArgumentException with a message for the operator if {@code text} is none
   */
  public static InetAddress parseAddress(String text) {
    String host = text == null ? "" : text.strip();
    if (host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
      host = host.substring(1, host.length() - 1);
    }
    byte[] bytes = host.length() > MAX_TEXT ? null : literal(host);
    if (bytes == null) {
      throw new IllegalArgumentException("'" + abbreviated(String.valueOf(text))
          + "' is not an IPv4 or IPv6 address");
    }
    return new IpNetwork(bytes, bytes.length * 8).inetAddress();
  }

  /** The network of one address. */
  public static IpNetwork of(InetAddress a) {
    byte[] b = a.getAddress();
    return new IpNetwork(b, b.length * 8);
  }

  public boolean isIpv4() {
    return address.length == 4;
  }

  @Override
  public byte[] address() {
    return address.clone();
  }

  /** Whether {@code a} is in this network; an IPv4 address is never in an IPv6 network. */
  public boolean contains(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == address.length && Arrays.equals(masked(b, prefix), address);
  }

  /** The address as an {@link InetAddress} (no lookup: it is built from bytes). */
  public InetAddress inetAddress() {
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // 4 or 16 bytes: never
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpNetwork n && n.prefix == prefix && Arrays.equals(n.address, address);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(address) * 31 + prefix;
  }

  /** {@code 192.0.2.0/24}, {@code 2001:db8::/32}: the canonical text. */
  @Override
  public String toString() {
    return format(address) + "/" + prefix;
  }

  /** An address's shortest text: dotted quad, or RFC 5952 §4 for IPv6. */
  public static String format(InetAddress a) {
    return format(a.getAddress());
  }

  static String format(byte[] b) {
    if (b.length == 4) {
      return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (b[2 * i] & 0xFF) << 8 | (b[2 * i + 1] & 0xFF);
    }
    // RFC 5952 §4.2: the longest run of two or more zero groups, the first of equal runs, becomes "::"
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder s = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append("::");
        i += bestLength - 1;
        continue;
      }
      if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
        s.append(':');
      }
      s.append(Integer.toHexString(groups[i])); // RFC 5952 §4.3: lower case, no leading zeros
    }
    return s.toString();
  }

  static byte[] masked(byte[] b, int prefix) {
    byte[] m = b.clone();
    for (int i = 0; i < m.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - 8 * i));
      m[i] &= (byte) (0xFF << (8 - keep));
    }
    return m;
  }

  /** The bytes of an IPv4 or IPv6 literal, or null; never a lookup. */
  static byte[] literal(String host) {
    if (host.isEmpty()) {
      return null;
    }
    if (host.indexOf(':') < 0) {
      return ipv4(host);
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok = c == ':' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
      if (!ok) {
        return null; // also refuses a zone id (%eth0): it names no network
      }
    }
    try {
      // a literal with ':' is parsed, never resolved
      byte[] b = InetAddress.getByName("[" + host + "]").getAddress();
      // an IPv4-mapped address (::ffff:192.0.2.1) comes back as IPv4; it is that address
      return b;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] ipv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
          || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      b[i] = (byte) v;
    }
    return b;
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("'" + abbreviated(text) + "' is not a network: " + why);
  }

  private static String abbreviated(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
