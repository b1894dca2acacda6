package io.parley.transport;

import java.util.concurrent.atomic.LongAdder;

/** What the edge turned away: counted, so an operator sees malformed traffic without logs. */
public final class EdgeStats {
  final LongAdder requestsRejected = new LongAdder();
  final LongAdder responsesDropped = new LongAdder();
  final LongAdder unanswerable = new LongAdder();

  /** A point-in-time copy of the counters. */
  public record Snapshot(long requestsRejected, long responsesDropped, long unanswerable) {}

  public Snapshot snapshot() {
    return new Snapshot(requestsRejected.sum(), responsesDropped.sum(), unanswerable.sum());
  }
}
