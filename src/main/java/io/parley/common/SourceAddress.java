package io.parley.common;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The source a peer's limits and bans are counted under: an IPv4 address as it is, an IPv6
 * address as its /64, since one subscriber line usually gets a whole /64 and could otherwise
 * spread itself over as many addresses as it likes.
 */
public final class SourceAddress {
  private SourceAddress() {}

  /** {@code address}, or for IPv6 the first address of its /64. */
  public static InetAddress of(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
    Arrays.fill(prefix, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(prefix);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 octets are an IPv6 address", e);
    }
  }
}
