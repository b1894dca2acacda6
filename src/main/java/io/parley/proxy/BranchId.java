package io.parley.proxy;

import io.parley.common.Fnv64;

import io.parley.message.HeaderName;
import io.parley.message.SipRequest;
import io.parley.message.header.NameAddr;
import io.parley.message.header.Via;

/**
 * The branch parameter this proxy puts in the Via of a forwarded request (RFC 3261 §16.6 item 8):
 * {@code z9hG4bK} + the home of the call that forwards it + {@code -} + 16 hex digits of a hash of
 * the request as received + {@code .} + the index of the branch, e.g. {@code
 * z9hG4bKk3x9q0-1f0e9a3c77d2b845.0}.
 *
 * <p>The hash covers what affects the processing of the request, per item 8: the Request-URI as
 * received, the topmost Via (its sent-by and branch, not the {@code received}/{@code rport} a
 * server stamps on it), the Call-ID, the CSeq number (never the method: a CANCEL or non-2xx ACK
 * must match the branch of the request it goes with, §9.1, §17.1.1.3), the From and To tags,
 * and the Proxy-Require, Proxy-Authorization and Route values. The index makes the branches of
 * one request unique (§8.1.1.7); the hash makes those of different requests unique as far as
 * their upstream branches are, and lets a looped request be recognised (§16.3 item 4): when a
 * request comes back carrying a Via of ours, the Via just below it is the topmost Via the request
 * had when we forwarded it, and the hash computed now with that Via equals the one in our branch
 * unless the Request-URI or another input changed on the way (a spiral).
 *
 * <p>A 64-bit FNV-1a hash with a final avalanche mix: the RFC leaves the algorithm open
 * ("implementation-dependent"), and this one costs well under a microsecond and allocates nothing
 * beyond the decoded tags.
 */
public final class BranchId {
  private static final int HASH_DIGITS = 16;
  private static final int PREFIX = Via.MAGIC_COOKIE.length();
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** Ends the home in a branch: not a character of a home token. */
  private static final char HOME_END = '-';
  /** The longest home read from a branch. */
  private static final int MAX_HOME = 16;
  /** Separates the inputs, so that moving octets from one input to the next changes the hash. */
  private static final int SEPARATOR = 0x1FF;

  private BranchId() {}

  /** The hash of {@code request} as received, with its own topmost Via. */
  public static long requestHash(SipRequest request) {
    return hash(request, request.routing().topVia());
  }

  /** The hash of {@code request} with {@code topVia} standing for its topmost Via. */
  static long hash(SipRequest request, Via topVia) {
    byte[] b = request.buffer();
    long h = Fnv64.OFFSET;
    h = bytes(h, b, request.requestUriStart(), request.requestUriEnd());
    h = text(h, topVia.host());
    h = mix(h, topVia.port());
    h = text(h, topVia.branch());
    h = field(h, request, HeaderName.CALL_ID);
    h = mix(h, request.routing().cseq().number());
    h = text(h, request.routing().from().tag());
    NameAddr to = request.routing().to();
    h = text(h, to.tag());
    h = field(h, request, HeaderName.PROXY_REQUIRE);
    h = field(h, request, HeaderName.PROXY_AUTHORIZATION);
    h = field(h, request, HeaderName.ROUTE);
    return Fnv64.finish(h);
  }

  /**
   * {@code z9hG4bK<home>-<hash>.<index>}: the home of the call that sends it ({@code
   * cluster/HomeShards}), so that its responses reach that call on whichever node they arrive.
   */
  public static String of(String home, long hash, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("negative branch index");
    }
    if (home.isEmpty() || home.length() > MAX_HOME || home.indexOf(HOME_END) >= 0) {
      throw new IllegalArgumentException("not a home: " + home);
    }
    String idx = Integer.toString(index);
    int at = PREFIX + home.length() + 1;
    char[] c = new char[at + HASH_DIGITS + 1 + idx.length()];
    Via.MAGIC_COOKIE.getChars(0, PREFIX, c, 0);
    home.getChars(0, home.length(), c, PREFIX);
    c[at - 1] = HOME_END;
    for (int i = HASH_DIGITS - 1; i >= 0; i--) {
      c[at + i] = HEX[(int) (hash & 0xF)];
      hash >>>= 4;
    }
    c[at + HASH_DIGITS] = '.';
    idx.getChars(0, idx.length(), c, at + HASH_DIGITS + 1);
    return new String(c);
  }

  /**
   * The home a branch of ours names: what lies between the magic cookie and the first {@code -}
   * ({@link #of}, and the branches a call's own requests carry); null when there is none.
   */
  public static String home(String branch) {
    int end = homeEnd(branch);
    return end < 0 ? null : branch.substring(PREFIX, end);
  }

  /** Where the home of {@code branch} ends (its {@code -}), or -1. */
  private static int homeEnd(String branch) {
    if (branch == null || !branch.startsWith(Via.MAGIC_COOKIE)) {
      return -1;
    }
    int limit = Math.min(branch.length(), PREFIX + MAX_HOME + 1);
    for (int i = PREFIX + 1; i < limit; i++) {
      if (branch.charAt(i) == HOME_END) {
        return i;
      }
    }
    return -1;
  }

  /** Where the hash of a branch of the form {@link #of} writes starts, or -1. */
  private static int hashStart(String branch) {
    int end = homeEnd(branch);
    if (end < 0 || branch.length() < end + 1 + HASH_DIGITS + 2 || branch.charAt(end + 1 + HASH_DIGITS) != '.') {
      return -1;
    }
    return end + 1;
  }

  /** Whether {@code branch} has the form this class writes, with hash part {@code hash}. */
  static boolean matches(String branch, long hash) {
    int at = hashStart(branch);
    if (at < 0) {
      return false;
    }
    long v = 0;
    for (int i = at; i < at + HASH_DIGITS; i++) {
      int d = Character.digit(branch.charAt(i), 16);
      if (d < 0) {
        return false;
      }
      v = v << 4 | d;
    }
    return v == hash;
  }

  /** The branch index of a branch of our form, or -1. */
  public static int index(String branch) {
    int at = hashStart(branch);
    if (at < 0) {
      return -1;
    }
    int v = 0;
    for (int i = at + HASH_DIGITS + 1; i < branch.length(); i++) {
      char c = branch.charAt(i);
      if (c < '0' || c > '9' || v > 100_000_000) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static long field(long h, SipRequest r, HeaderName name) {
    for (int i = r.first(name); i >= 0; i = r.next(name, i)) {
      int off = r.valueOffset(i);
      h = bytes(h, r.valueArray(i), off, off + r.valueLength(i));
    }
    return mix(h, SEPARATOR);
  }

  private static long bytes(long h, byte[] b, int from, int to) {
    return mix(Fnv64.add(h, b, from, to), SEPARATOR);
  }

  private static long text(long h, String s) {
    if (s == null) {
      return mix(h, -1);
    }
    return mix(Fnv64.add(h, s), SEPARATOR);
  }

  private static long mix(long h, long v) {
    return Fnv64.add(h, v);
  }
}
