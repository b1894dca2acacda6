package io.parley.auth;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * An immutable set of {@link IpNetwork}s, built once per reload and asked on every request: per
 * prefix length present, the sorted network numbers, so a lookup is one mask and one binary
 * search per distinct length (at most 33 for IPv4, 129 for IPv6; a handful in practice) and
 * allocates nothing but the address bytes {@link InetAddress#getAddress()} copies.
 */
final class NetworkSet {
  static final NetworkSet EMPTY = new NetworkSet(List.of());

  /** IPv4: masks, longest prefix first, and for each the sorted network numbers. */
  private final int[] v4Masks;
  private final int[][] v4Networks;
  /** IPv6: prefix lengths and, for each, the sorted networks as (high, low) pairs. */
  private final int[] v6Prefixes;
  private final long[][] v6Networks;
  private final boolean empty;

  NetworkSet(Collection<IpNetwork> networks) {
    TreeMap<Integer, List<IpNetwork>> v4 = new TreeMap<>();
    TreeMap<Integer, List<IpNetwork>> v6 = new TreeMap<>();
    for (IpNetwork n : networks) {
      (n.isIpv4() ? v4 : v6).computeIfAbsent(n.prefix(), p -> new ArrayList<>()).add(n);
    }
    v4Masks = new int[v4.size()];
    v4Networks = new int[v4.size()][];
    int i = 0;
    for (var e : v4.descendingMap().entrySet()) {
      v4Masks[i] = mask32(e.getKey());
      v4Networks[i] = e.getValue().stream().mapToInt(n -> int32(n.address())).sorted().distinct().toArray();
      i++;
    }
    v6Prefixes = new int[v6.size()];
    v6Networks = new long[v6.size()][];
    i = 0;
    for (var e : v6.descendingMap().entrySet()) {
      v6Prefixes[i] = e.getKey();
      long[][] pairs = e.getValue().stream().map(n -> new long[] {high(n.address()), low(n.address())})
          .sorted(NetworkSet::compare).toArray(long[][]::new);
      long[] flat = new long[pairs.length * 2];
      for (int k = 0; k < pairs.length; k++) {
        flat[2 * k] = pairs[k][0];
        flat[2 * k + 1] = pairs[k][1];
      }
      v6Networks[i] = flat;
      i++;
    }
    empty = networks.isEmpty();
  }

  boolean isEmpty() {
    return empty;
  }

  boolean contains(InetAddress a) {
    if (empty) {
      return false;
    }
    byte[] b = a.getAddress();
    if (b.length == 4) {
      int x = int32(b);
      for (int i = 0; i < v4Masks.length; i++) {
        if (Arrays.binarySearch(v4Networks[i], x & v4Masks[i]) >= 0) {
          return true;
        }
      }
      return false;
    }
    long hi = high(b);
    long lo = low(b);
    for (int i = 0; i < v6Prefixes.length; i++) {
      int p = v6Prefixes[i];
      long mh = p >= 64 ? -1L : p == 0 ? 0 : -1L << (64 - p);
      long ml = p <= 64 ? 0 : p == 128 ? -1L : -1L << (128 - p);
      if (search(v6Networks[i], hi & mh, lo & ml)) {
        return true;
      }
    }
    return false;
  }

  private static boolean search(long[] flat, long hi, long lo) {
    int from = 0;
    int to = flat.length / 2 - 1;
    while (from <= to) {
      int mid = (from + to) >>> 1;
      int c = compare(flat[2 * mid], flat[2 * mid + 1], hi, lo);
      if (c < 0) {
        from = mid + 1;
      } else if (c > 0) {
        to = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  private static int compare(long[] a, long[] b) {
    return compare(a[0], a[1], b[0], b[1]);
  }

  private static int compare(long ah, long al, long bh, long bl) {
    int c = Long.compareUnsigned(ah, bh);
    return c != 0 ? c : Long.compareUnsigned(al, bl);
  }

  private static int mask32(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  private static int int32(byte[] b) {
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
  }

  private static long high(byte[] b) {
    return long64(b, 0);
  }

  private static long low(byte[] b) {
    return long64(b, 8);
  }

  private static long long64(byte[] b, int from) {
    long v = 0;
    for (int i = from; i < from + 8; i++) {
      v = v << 8 | (b[i] & 0xFF);
    }
    return v;
  }
}
