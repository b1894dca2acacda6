package io.parley.auth;

import io.parley.common.Fnv64;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Replay protection by nonce count (RFC 7616 §3.4, RFC 2617 §3.2.2): a client that reuses a
 * nonce counts its requests in {@code nc}, and a value already seen with that nonce is a replay.
 *
 * <p>Each nonce has an anti-replay window like IPsec's (RFC 4303 §3.4.3): the highest {@code nc}
 * seen and a bitmap of the {@value #WINDOW} values below it, so requests that overtake each other
 * (a REGISTER and an INVITE sent at once over UDP) are both accepted while any value seen before,
 * or older than the window, is refused. A retransmission reuses its {@code nc}: where a
 * transaction layer absorbs retransmissions before authentication, a repeated value is a replay
 * indeed. The registrar answers without transaction state, so there the caller names the
 * request ({@code requestKey}, a hash of Call-ID, CSeq and branch) and the highest {@code nc}
 * may be presented again by that same request: a retransmission, which can only repeat what the
 * original did.
 *
 * <p>Memory is bounded two ways. Entries live in buckets by the time slice they were first seen
 * in; a bucket is dropped once every nonce first seen in it has outlived the retention (the
 * nonce lifetime plus the clock skew), for then such a nonce is stale anyway. And at most
 * {@code maxEntries} are kept: beyond that the oldest bucket is dropped early, and replays of its
 * nonces would pass once. Entries are only added for requests whose response was correct, so
 * only subscribers who know their password can fill it. Spent nonces ({@link #spend}) are held
 * apart, the same way and with the same limit, so that failed attempts cannot push counts out.
 * Buckets rotate as time passes on every call; {@link #sweep()} also releases them when no
 * requests arrive. (Nonce, user name) pairs
 * are held as 64-bit hashes (about 90 octets an entry): two pairs sharing one would make a
 * request look like a replay and be challenged again, with probability about n²/2⁶⁵ (3·10⁻⁸ at
 * a million entries).
 *
 * <p><b>In a cluster</b> each node tracks the requests it verified. A captured request replayed to
 * another node within the nonce lifetime is accepted once there, so at worst once per node. The
 * replay must be byte-identical in what the digest covers (method, Request-URI, nonce), and
 * Call-ID sharding sends an unchanged copy to the same node as the original; only a copy with a
 * changed Call-ID reaches another node. For REGISTER the replayed request can only repeat the
 * binding its owner just made, within at most five minutes. What would close it: nonces bound to
 * the issuing node (a node id in the nonce, the {@code nc} check forwarded to that node), or the
 * tracker sharded by nonce across the cluster, at the price of a network hop per request.
 *
 * <p>Thread-safe: one lock, held for a few hash-map operations per call, which at tens of
 * thousands of requests a second is rarely contended.
 */
public final class NonceCountTracker {
  /** A request key that matches nothing: no retransmission is recognized. */
  public static final long NO_REQUEST_KEY = 0;
  /** Values below the highest {@code nc} that are still accepted if unseen. */
  public static final int WINDOW = 64;
  /** Buckets per retention period; a bucket's entries outlive the retention by at most one slice. */
  static final int SLICES = 8;

  private final Clock clock;
  private final SlicedMap<Window> windows;
  /** Nonces a failed attempt used: no second attempt with them. */
  private final SlicedMap<Boolean> spent;

  /**
   * @param retention how long a nonce can be used: its lifetime plus the tolerated clock skew
   * @param maxEntries the most nonces whose counts are remembered, and apart from them the most
   *     spent nonces ({@link #spend})
   */
  public NonceCountTracker(Duration retention, int maxEntries, Clock clock) {
    if (retention.isNegative() || retention.isZero() || maxEntries < 1) {
      throw new IllegalArgumentException("retention and maxEntries must be positive");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.windows = new SlicedMap<>(retention.toMillis(), SLICES, maxEntries);
    this.spent = new SlicedMap<>(retention.toMillis(), SLICES, maxEntries);
  }

  /** A tracker for the nonces of {@code settings}: retention lifetime + skew, its entry limit. */
  public static NonceCountTracker create(AuthSettings settings, Clock clock) {
    return new NonceCountTracker(settings.nonceLifetime().plus(settings.clockSkew()), settings.nonceCountEntries(),
        clock);
  }

  /**
   * Records {@code nc} for {@code nonce} used by {@code username} and tells whether it is new:
   * {@code false} for a value seen before or one more than {@value #WINDOW} below the highest
   * seen. Counts are kept per nonce and user name, so that a subscriber who answers someone
   * else's nonce cannot use up that client's counts. Call it only after the response was
   * verified, or anyone could use up a subscriber's counts.
   */
  public boolean accept(String nonce, String username, long nc) {
    return accept(nonce, username, nc, NO_REQUEST_KEY);
  }

  /**
   * As {@link #accept(String, String, long)}, and also {@code true} when {@code nc} is the highest
   * value seen and {@code requestKey} is the one it was first seen with: the same request again,
   * retransmitted (RFC 3261 §17.2.2). {@link #NO_REQUEST_KEY} allows no repeat.
   */
  public boolean accept(String nonce, String username, long nc, long requestKey) {
    long key = keyOf(nonce, username);
    synchronized (this) {
      windows.rotate(clock.millis());
      return windows.getOrAdd(key, Window::new).accept(nc, requestKey);
    }
  }

  /**
   * Marks {@code nonce} spent: a response made with it did not verify (RFC 7616 §5.13, online
   * dictionary attacks). A later request with it is challenged again without looking at its
   * response, so each guess costs the guesser a round trip for a fresh nonce. Any user's failure
   * spends the nonce for every user name, so one nonce cannot serve a guess at each of many
   * users. A stranger can fill this set, up to its own limit, without touching the counts.
   */
  public void spend(String nonce) {
    long key = keyOf(nonce, "");
    synchronized (this) {
      spent.rotate(clock.millis());
      spent.getOrAdd(key, () -> Boolean.TRUE);
    }
  }

  /** Whether {@link #spend} was called with {@code nonce} within its retention. */
  public boolean isSpent(String nonce) {
    long key = keyOf(nonce, "");
    synchronized (this) {
      spent.rotate(clock.millis());
      return spent.get(key) != null;
    }
  }

  /** Drops the buckets whose nonces have all outlived the retention. */
  public void sweep() {
    synchronized (this) {
      long now = clock.millis();
      windows.rotate(now);
      spent.rotate(now);
    }
  }

  /** Nonces whose counts are remembered now. */
  public synchronized int size() {
    return windows.size();
  }

  /** Spent nonces remembered now. */
  public synchronized int spentSize() {
    return spent.size();
  }

  /**
   * A 64-bit FNV-1a hash of the nonce's characters, a separator and the user name's, finished
   * with MurmurHash3's mixer. A nonce never holds {@code "}, so the separator cannot be forged
   * by moving characters between the two.
   */
  static long keyOf(String nonce, String username) {
    long h = Fnv64.add(Fnv64.OFFSET, nonce);
    h = Fnv64.add(h, '"');
    return Fnv64.finish(Fnv64.add(h, username));
  }

  /** The highest nc seen and, in bit i, whether highest - i was seen. Guarded by the tracker's lock. */
  private static final class Window {
    long highest;
    long seen;
    /** The request that presented {@link #highest} first. */
    long highestRequest;

    boolean accept(long nc, long requestKey) {
      if (nc > highest) {
        long shift = nc - highest;
        seen = shift >= WINDOW ? 1L : (seen << shift) | 1L;
        highest = nc;
        highestRequest = requestKey;
        return true;
      }
      if (nc == highest && requestKey != NO_REQUEST_KEY && requestKey == highestRequest) {
        return true;
      }
      long behind = highest - nc;
      if (behind >= WINDOW || (seen & (1L << behind)) != 0) {
        return false;
      }
      seen |= 1L << behind;
      return true;
    }
  }
}
