package io.parley.transport;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of the message a connection is receiving: {@link
 * TransportSettings#tcpMessageTimeout()} from its first byte. Keepalives between messages do not
 * start it (RFC 5626 §3.5.1), and a message read whole in one go never arms it.
 *
 * <p>One timer per connection at most, on the connection's event loop, and none rescheduled per
 * read: when the timer fires for a message that has since been completed, it re-arms for the
 * deadline of the message now in progress, if any (as Netty's idle handler does). Used only on
 * the connection's event loop thread.
 */
final class MessageDeadline implements Runnable {

  private final long timeoutNanos;
  private final Runnable onExpired;
  private ChannelHandlerContext context;
  /** Whether a message has begun and is not whole yet. */
  private boolean pending;
  private long startedAt;
  private ScheduledFuture<?> timer;

  /**
   * @param timeoutNanos how long a message may take
   * @param onExpired runs on the event loop when a message is not whole in time
   */
  MessageDeadline(long timeoutNanos, Runnable onExpired) {
    this.timeoutNanos = timeoutNanos;
    this.onExpired = onExpired;
  }

  /**
   * After each read.
   *
   * @param partial whether the framer now holds part of a message
   * @param completed whether the read completed a message (so a partial one began in it)
   */
  void afterRead(ChannelHandlerContext ctx, boolean partial, boolean completed) {
    if (!partial) {
      pending = false; // a timer still armed finds nothing to do
      return;
    }
    if (!pending || completed) {
      pending = true;
      startedAt = System.nanoTime();
    }
    if (timer == null) {
      context = ctx;
      timer = ctx.executor().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Drops the timer: the connection closed. */
  void cancel() {
    pending = false;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  @Override
  public void run() {
    timer = null;
    if (!pending || !context.channel().isActive()) {
      return;
    }
    long left = startedAt + timeoutNanos - System.nanoTime();
    if (left > 0) {
      timer = context.executor().schedule(this, left, TimeUnit.NANOSECONDS);
      return;
    }
    pending = false;
    onExpired.run();
  }
}
