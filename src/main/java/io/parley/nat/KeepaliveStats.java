package io.parley.nat;

import java.util.concurrent.atomic.LongAdder;

/** The node's keepalive counters, read by {@code /stats} and {@code /metrics}. */
public final class KeepaliveStats {
  final LongAdder sent = new LongAdder();
  final LongAdder answered = new LongAdder();
  final LongAdder missed = new LongAdder();
  final LongAdder removed = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder relayed = new LongAdder();
  volatile int pinged;

  /**
   * Counters since start.
   *
   * @param sent pings sent from this node's sockets (OPTIONS over UDP, CRLFCRLF over streams),
   *     its own and those other nodes asked it to send through a flow it holds
   * @param answered answers to this node's OPTIONS, wherever they arrived
   * @param missed pings of this node's bindings that went unanswered until the next was due
   * @param removed bindings given up after {@code parley.nat.max-missed} misses in a row
   * @param failed pings that could not leave: the flow closed, its node gone, the socket failed
   * @param relayed pings handed to the node that holds their flow
   * @param pinged the NATed bindings this node pings now
   */
  public record Snapshot(long sent, long answered, long missed, long removed, long failed, long relayed,
      int pinged) {}

  public Snapshot snapshot() {
    return new Snapshot(sent.sum(), answered.sum(), missed.sum(), removed.sum(), failed.sum(), relayed.sum(),
        pinged);
  }
}
