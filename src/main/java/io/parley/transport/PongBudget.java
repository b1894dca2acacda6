package io.parley.transport;

/**
 * How many keepalive pings one connection gets answered: at most {@link #PONGS_PER_SECOND} a
 * second. RFC 5626 §4.4.1 has a client ping every 95–120 s over TCP, so a peer pinging several
 * times a second is flooding; its extra pings are read (their bytes cost no more than any
 * other) but not answered, so a flood of CRLFCRLF cannot make the node write at its rate.
 * Used only on the connection's event loop thread.
 */
final class PongBudget {

  static final int PONGS_PER_SECOND = 4;
  private static final long WINDOW_NANOS = 1_000_000_000L;

  private long windowStart;
  private int used;
  private boolean started;

  /** Whether one more ping may be answered now; spends it if so. */
  boolean take() {
    long now = System.nanoTime();
    if (!started || now - windowStart >= WINDOW_NANOS) {
      started = true;
      windowStart = now;
      used = 0;
    }
    if (used >= PONGS_PER_SECOND) {
      return false;
    }
    used++;
    return true;
  }
}
