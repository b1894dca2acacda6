package io.parley.transport;

import io.netty.channel.nio.NioEventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Netty's NIO event loops behind {@link SipEventLoops}, which keeps Netty out of the public API. */
final class NioLoops {

  private final NioEventLoopGroup group;
  private final NioEventLoop[] loops;
  private final AtomicInteger next = new AtomicInteger();

  NioLoops(int threads) {
    group = new NioEventLoopGroup(threads, new DefaultThreadFactory("parley-sip", true));
    loops = new NioEventLoop[threads];
    for (int i = 0; i < threads; i++) {
      // Netty's default ioRatio (50): the tasks get as much time as the reads before it reads again
      loops[i] = (NioEventLoop) group.next();
    }
  }

  NioEventLoop loopFor(int socketIndex) {
    return loops[socketIndex % loops.length];
  }

  int size() {
    return loops.length;
  }

  int pendingTasks() {
    int pending = 0;
    for (NioEventLoop loop : loops) {
      pending += loop.pendingTasks();
    }
    return pending;
  }

  void execute(Runnable task) {
    for (NioEventLoop loop : loops) {
      if (loop.inEventLoop()) {
        loop.execute(task);
        return;
      }
    }
    loops[Math.floorMod(next.getAndIncrement(), loops.length)].execute(task);
  }

  void stop() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
