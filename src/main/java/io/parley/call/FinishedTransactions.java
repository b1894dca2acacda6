package io.parley.call;

import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.transaction.Destination;
import io.parley.transaction.SipPort;
import io.parley.transaction.TransactionKeys;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The transactions of finished calls, waiting out their last timers as a few fields each rather
 * than as actors (RFC 3261 §17: Timers D, I, J, K; RFC 6026: L, M). Once every transaction of a
 * call only lingers ({@link io.parley.transaction.Lingering}) and its dialog is over, the call
 * entity hands them here and stops: a finished call then holds its keys and the bytes it may have
 * to send again (a final response, an ACK, a forwarded 2xx), not its parsed messages, machines
 * and actors, for the 32 s its timers run (bench/RESULTS.md, issue 14).
 *
 * <p>The edge asks here first for a request or response of a Call-ID held here, so that a
 * retransmission reaches no entity and no admission step: a request matching a held server
 * transaction gets its final response again or is absorbed (RFC 3261 §17.2.1, §17.2.2); a
 * response matching a held client transaction gets its ACK again, is forwarded as the 2xx
 * forwarded before (RFC 6026 §8.4, RFC 3261 §16.7 step 5), or is absorbed (§17.1.2.2). A call
 * entity asks too, for what reaches it through sharding from another node.
 *
 * <p><b>Bounds.</b> Only admitted calls that ran on this node put anything here, each for at
 * most its longest timer (64*T1); {@link #sweep} drops what has expired. Thread-safe; one per node.
 */
public final class FinishedTransactions {

  /**
   * One transaction, lingering.
   *
   * @param key its key ({@link TransactionKeys#server} or {@link TransactionKeys#client})
   * @param server whether it is a server transaction (matched by requests) or a client one
   *     (matched by responses)
   * @param resend what a matching message is answered with; null: it is absorbed
   * @param to where {@code resend} goes
   * @param untilNanos {@link System#nanoTime()} when its timer would have ended it
   */
  public record Held(String key, boolean server, byte[] resend, Destination to, long untilNanos) {}

  /**
   * What is held now, and what {@link #takeRequest} and {@link #takeResponse} have done since the
   * start.
   *
   * @param calls the finished calls held
   * @param transactions their transactions
   * @param absorbed messages that matched one and were dropped
   * @param resent messages that matched one and were answered with what it keeps
   */
  public record Stats(int calls, int transactions, long absorbed, long resent) {}

  private final SipPort port;
  private final ConcurrentHashMap<String, Held[]> calls = new ConcurrentHashMap<>();
  private final LongAdder absorbed = new LongAdder();
  private final LongAdder resent = new LongAdder();
  /** The transactions held, kept with every change so that a scrape need not walk the table. */
  private final AtomicInteger transactions = new AtomicInteger();

  public FinishedTransactions(SipPort port) {
    this.port = port;
  }

  /** Keeps {@code held}, the lingering transactions of call {@code callId}, beside any kept already. */
  void hold(String callId, List<Held> held) {
    if (held.isEmpty()) {
      return;
    }
    Held[] adding = held.toArray(Held[]::new);
    transactions.addAndGet(adding.length);
    calls.merge(callId, adding, (old, add) -> {
      Held[] both = java.util.Arrays.copyOf(old, old.length + add.length);
      System.arraycopy(add, 0, both, old.length, add.length);
      return both;
    });
  }

  /** @return whether {@code request} matched a transaction held here, which answered or absorbed it */
  public boolean takeRequest(SipRequest request, long now) {
    if (calls.isEmpty()) {
      return false;
    }
    Held[] held = calls.get(request.routing().callId());
    return held != null && take(held, TransactionKeys.server(request), true, now);
  }

  /** @return whether {@code response} matched a transaction held here, which answered or absorbed it */
  public boolean takeResponse(SipResponse response, long now) {
    if (calls.isEmpty()) {
      return false;
    }
    Held[] held = calls.get(response.routing().callId());
    return held != null && take(held, TransactionKeys.client(response), false, now);
  }

  private boolean take(Held[] held, String key, boolean server, long now) {
    for (Held h : held) {
      if (h.server() == server && h.key().equals(key) && now - h.untilNanos() < 0) {
        if (h.resend() == null) {
          absorbed.increment();
        } else {
          resent.increment();
          port.send(h.to(), h.resend());
        }
        return true;
      }
    }
    return false;
  }

  /** Forgets the transactions whose timers have ended; a call goes with its last one. */
  public void sweep(long now) {
    for (String callId : calls.keySet()) {
      // per key and atomic, as hold's merge: a call handed over meanwhile keeps what it adds
      calls.computeIfPresent(callId, (id, held) -> {
        Held[] left = unexpired(held, now);
        transactions.addAndGet(left.length - held.length);
        return left.length == 0 ? null : left;
      });
    }
  }

  /** {@code held} without what has expired at {@code now}: the same array when nothing has. */
  private static Held[] unexpired(Held[] held, long now) {
    int kept = 0;
    for (Held h : held) {
      kept += now - h.untilNanos() < 0 ? 1 : 0;
    }
    if (kept == held.length) {
      return held;
    }
    Held[] left = new Held[kept];
    int i = 0;
    for (Held h : held) {
      if (now - h.untilNanos() < 0) {
        left[i++] = h;
      }
    }
    return left;
  }

  public Stats stats() {
    return new Stats(calls.size(), transactions.get(), absorbed.sum(), resent.sum());
  }
}
