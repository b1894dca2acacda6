package io.parley.transaction;

import io.parley.common.LatencyRecorder;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The transaction actors of one node, counted by the actors themselves (RFC 3261 §17): how many
 * run now (Kamailio's {@code tmx:active_transactions}), how many were started, the request
 * retransmissions their server transactions absorbed (§17.2.1, §17.2.2), the retransmissions they
 * sent on Timers A, E and G (§17.1.1.2, §17.1.2.2, §17.2.1), and, through a {@link
 * LatencyRecorder}, how long a server INVITE transaction took to send its first response. One
 * per node, handed to every transaction through {@link SipPort}; LongAdders, cheap from any thread.
 */
public final class TransactionStats {
  final LongAdder live = new LongAdder();
  final LongAdder started = new LongAdder();
  final LongAdder retransmissionsAbsorbed = new LongAdder();
  final LongAdder retransmissionsSent = new LongAdder();
  private final LatencyRecorder inviteFirstResponse;

  /** Counts without timing the first response. */
  public TransactionStats() {
    this(LatencyRecorder.NONE);
  }

  /**
   * @param inviteFirstResponse gets, per server INVITE transaction, the time from its INVITE's
   *     arrival at the node (or the transaction's start, where that is not known) to its first
   *     response sent upstream, 100 Trying included
   */
  public TransactionStats(LatencyRecorder inviteFirstResponse) {
    this.inviteFirstResponse = Objects.requireNonNull(inviteFirstResponse, "inviteFirstResponse");
  }

  void firstResponseSent(long nanos) {
    inviteFirstResponse.record(nanos);
  }

  /**
   * The counters at one moment (each read separately).
   *
   * @param live transaction actors running now
   * @param started transaction actors started since the node started
   * @param retransmissionsAbsorbed requests received again and absorbed by their server
   *     transaction (answered with its last response, or ignored), not passed on
   * @param retransmissionsSent requests and final responses sent again on a timer
   */
  public record Snapshot(long live, long started, long retransmissionsAbsorbed, long retransmissionsSent) {}

  public Snapshot snapshot() {
    return new Snapshot(live.sum(), started.sum(), retransmissionsAbsorbed.sum(), retransmissionsSent.sum());
  }
}
