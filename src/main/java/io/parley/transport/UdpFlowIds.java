package io.parley.transport;

import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * The connection id of a UDP flow, which {@link FlowId} describes: the local socket's index in
 * bits 63–48; in bits 47–0 the remote IPv4 address and port exactly, or a hash of the remote
 * IPv6 address and port.
 */
final class UdpFlowIds {

  static final int MAX_SOCKETS = 1 << 16;
  private static final long LOW_48 = (1L << 48) - 1;

  private UdpFlowIds() {}

  static long of(int socketIndex, InetSocketAddress remote) {
    byte[] a = remote.getAddress().getAddress();
    long low;
    if (remote.getAddress() instanceof Inet4Address) {
      low = ((a[0] & 0xFFL) << 40) | ((a[1] & 0xFFL) << 32) | ((a[2] & 0xFFL) << 24)
          | ((a[3] & 0xFFL) << 16) | remote.getPort();
    } else {
      long h = remote.getPort();
      for (byte b : a) {
        h = h * 0x100000001B3L ^ (b & 0xFF);
      }
      low = mix(h) & LOW_48;
    }
    return ((long) socketIndex << 48) | low;
  }

  static int socketIndex(long connectionId) {
    return (int) (connectionId >>> 48);
  }

  /** Spreads every input bit over the output (SplitMix64's finaliser). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
