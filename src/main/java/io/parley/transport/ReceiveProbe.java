package io.parley.transport;

import io.parley.common.ReceiveDelay;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one UDP listen point a one-byte datagram from a socket of its own every {@link
 * ReceiveDelay#PROBE_INTERVAL}, one at a time, for {@link ReceiveDelay} to time how long the
 * node takes to read it. On a thread of its own: a probe sent by the loop it measures would wait
 * for that loop. The endpoint knows the probe by its source and passes it to no handler.
 */
final class ReceiveProbe {
  private static final Logger log = LoggerFactory.getLogger(ReceiveProbe.class);
  private static final byte[] PROBE = {0};

  private final ReceiveDelay delay;
  private final DatagramChannel channel;
  private final InetSocketAddress target;
  private final ScheduledExecutorService timer;

  private ReceiveProbe(ReceiveDelay delay, DatagramChannel channel, InetSocketAddress target) {
    this.delay = delay;
    this.channel = channel;
    this.target = target;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "parley-receive-probe");
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens the probe's socket beside {@code bound} (loopback for a wildcard address). */
  static ReceiveProbe open(ReceiveDelay delay, InetSocketAddress bound) throws IOException {
    InetAddress host = bound.getAddress();
    if (host.isAnyLocalAddress()) {
      host = host instanceof Inet6Address ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1");
    }
    DatagramChannel channel = DatagramChannel.open();
    channel.bind(new InetSocketAddress(host, 0));
    return new ReceiveProbe(delay, channel, new InetSocketAddress(host, bound.getPort()));
  }

  /** Where the probes come from, as the endpoint sees their source. */
  InetSocketAddress source() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  void start() {
    long period = ReceiveDelay.PROBE_INTERVAL.toNanos();
    timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
  }

  private void tick() {
    long now = System.nanoTime();
    delay.adjust(now);
    if (!delay.probeDue(now)) {
      return;
    }
    try {
      channel.send(ByteBuffer.wrap(PROBE), target);
    } catch (IOException e) {
      log.debug("receive probe to {} failed: {}", target, e.toString());
    }
  }

  void stop() {
    timer.shutdownNow();
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("receive probe socket close: {}", e.toString());
    }
  }
}
