package io.parley.call;

import io.parley.common.ReceiveDelay;
import io.parley.proxy.Caller;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this node's call entities hold, as the edge needs to know before it hands them more: how
 * many are live, how many strangers opened, and how long requests have lately waited for their
 * entity. Counted by the entities themselves (a start and a stop in the same JVM, so the counts
 * cannot drift), read by the threads that read the sockets. Thread-safe, lock-free.
 *
 * <p>The wait is the queue in front of the actors, measured rather than counted: a count of
 * messages handed over and not yet taken would drift up for every message lost to a stopping
 * entity. A wait reported more than a second ago no longer counts, so the node admits again once
 * its entities have caught up (or gone quiet).
 */
public final class CallLoad {
  private static final long STALE_NANOS = 1_000_000_000L;

  private final CallLimits limits;
  private final long maxDelayNanos;
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicInteger strangers = new AtomicInteger();
  private volatile long lastDelay;
  private volatile boolean holdShedding;
  private volatile long lastDelayAt;
  private final ReceiveDelay receiveDelay;

  public CallLoad(CallLimits limits) {
    this.limits = limits;
    this.maxDelayNanos = limits.maxQueueDelay().toNanos();
    this.receiveDelay = new ReceiveDelay(limits.maxReceiveDelay());
  }

  /** How long datagrams wait to be read, as the UDP socket's probe measures it. */
  public ReceiveDelay receiveDelay() {
    return receiveDelay;
  }

  /**
   * Whether to refuse a request that would open new work at {@code now}, before any other work
   * on it: it is beyond the share the node takes while datagrams wait near {@code
   * max-receive-delay} to be read ({@link ReceiveDelay#sheds}), or requests wait longer than
   * {@code max-queue-delay} for their entity. Ask once per request: each call counts one offered.
   */
  public boolean behind(long now) {
    return !holdShedding && (queueBehind(now) || receiveDelay.sheds());
  }

  /**
   * While {@code hold}, {@link #behind} refuses nothing: the node warms up on its own traffic
   * only, whose delays (the JIT compiling) are not an overload to refuse work for.
   */
  public void holdShedding(boolean hold) {
    holdShedding = hold;
  }

  private boolean queueBehind(long now) {
    return lastDelay > maxDelayNanos && now - lastDelayAt < STALE_NANOS;
  }

  /**
   * Whether a new request of {@code caller} may open or join a call now.
   *
   * @param now {@link System#nanoTime()}
   */
  public boolean admits(Caller caller, long now) {
    return live.get() < limits.maxCalls()
        && (caller.isKnown() || strangers.get() < limits.maxStrangerCalls())
        && (holdShedding || !queueBehind(now)); // the receive share was asked already, before the request's checks
  }

  /** Live call entities on this node. */
  public int live() {
    return live.get();
  }

  /** Of those, the ones a stranger's request opened. */
  public int strangers() {
    return strangers.get();
  }

  void started() {
    live.incrementAndGet();
  }

  void stopped(boolean byStranger) {
    live.decrementAndGet();
    if (byStranger) {
      strangers.decrementAndGet();
    }
  }

  void openedByStranger() {
    strangers.incrementAndGet();
  }

  /** A request taken by its entity {@code waited} ns after it arrived. */
  void waited(long waited, long now) {
    lastDelay = waited;
    lastDelayAt = now;
  }
}
