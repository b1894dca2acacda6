package io.parley.transport;

import java.util.concurrent.Executor;

/**
 * The threads that read the UDP sockets and run the actors (the node gives them to Pekko as its
 * default dispatcher's executor): Netty NIO event loops, each waiting in epoll while it has
 * nothing to do. A datagram read on a loop is parsed and handed to its entity there, and the
 * entity runs on the same loop right after, with no other thread to wake.
 *
 * <p>Why: on the 2-core machines Parley is measured on, a thread woken from sleep costs 60-90 µs
 * of CPU, far more than the work of a SIP message. With a receive thread handing each datagram to
 * a pool of actor threads, a call through the proxy woke threads 22 times (7.4 receive, 15 actor
 * switches a call at 100 calls/s); on one loop it wakes it 8.6 times, and the proxy's CPU per call
 * fell from 403 to 287 µs at 1,000 calls/s and from 1,600-2,000 to 1,330 µs at 100/s
 * (bench/RESULTS.md).
 *
 * <p>Work submitted from a loop's own thread stays on that loop; work from any other thread (a
 * timer, the cluster, a database callback) goes to the loops in turn.
 */
public final class SipEventLoops implements Executor {

  private final NioLoops loops;

  private SipEventLoops(NioLoops loops) {
    this.loops = loops;
  }

  /**
   * Starts {@code threads} event loops.
   *
   * @throws IllegalArgumentException if {@code threads} is not 1 to 64
   */
  public static SipEventLoops start(int threads) {
    return new SipEventLoops(new NioLoops(validThreads(threads)));
  }

  /**
   * {@code threads} if it is a thread count the loops take (1 to 64).
   *
   * @throws IllegalArgumentException if it is not
   */
  public static int validThreads(int threads) {
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("must be 1 to 64, not " + threads);
    }
    return threads;
  }

  /** The loops, for the UDP sockets they read. */
  NioLoops loops() {
    return loops;
  }

  public int threads() {
    return loops.size();
  }

  /** Tasks waiting on the loops: actor messages and timers' work not run yet. */
  public int pendingTasks() {
    return loops.pendingTasks();
  }

  @Override
  public void execute(Runnable task) {
    loops.execute(task);
  }

  /**
   * Stops the loops once their queued tasks have run (at most 2 s more), without waiting: safe
   * from any thread, a loop's own included.
   */
  public void stop() {
    loops.stop();
  }
}
