package io.parley.transport;

import io.netty.channel.nio.NioEventLoop;
import io.parley.common.ReceiveDelay;
import io.netty.channel.nio.NioTask;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP listen point: a plain {@link DatagramChannel} in non-blocking mode, read by one of the
 * {@link SipEventLoops} when the kernel says it holds datagrams, each handed straight to the
 * {@link InboundHandler} on that loop. Sends go out through the same channel from any thread.
 *
 * <p>Why not Netty's datagram channel: {@code UdpEchoBench} (600-byte datagrams echoed on
 * 127.0.0.1, a paced client in the same JVM, server-thread CPU per datagram, median of 3 runs of
 * 10 s on a 2-core VM shared with other builds) measured a plain channel at 12.0 µs at 20k/s and
 * 8.7 µs at 50k/s, Netty's epoll datagram channel at 15.3 µs and 10.2 µs, and this class,
 * sniffing and flows included, at 13.2 µs and 9.3 µs (at 50k/s every mode lost datagrams, the CPU
 * being shared with the client and other work). An earlier measurement found the same (11.3
 * against 15.0 µs at 20k/s) and no gain from recvmmsg, GRO or several SO_REUSEPORT sockets. So
 * the plain channel stays, registered with Netty's NIO loop only to be told when it is readable.
 *
 * <p>A non-blocking send of a datagram the socket's send buffer (4 MiB requested) has no room
 * for fails at once; it is counted as a send failure and the transaction layer retransmits. In
 * non-blocking mode an interrupt of the sending thread does not close the channel (it does in
 * blocking mode), so no thread can take the socket from the others.
 */
final class UdpEndpoint {
  /** The largest UDP payload over IPv4 and IPv6 without jumbograms (65,535 less the headers). */
  private static final int MAX_DATAGRAM = 65_536;
  /** At most this many datagrams are read at once, so that the loop's tasks run between. */
  private static final int READS_PER_WAKE_UP = 64;


  private static final Logger log = LoggerFactory.getLogger(UdpEndpoint.class);

  private final int index;
  private final ListenPoint listenPoint;
  private final String node;
  private final TransportSettings settings;
  private final InboundHandler handler;
  private final TransportStats stats;

  private final NioEventLoop loop;
  private volatile DatagramChannel channel;
  private volatile boolean closed;
  private InetSocketAddress bound;
  private boolean ipv4;
  /** Used on the loop only. */
  private ByteBuffer buffer;
  private InetSocketAddress lastRemote;
  private Flow lastFlow;
  /** The probe that times this socket's queue, or null; its datagrams go to no handler. */
  private volatile ReceiveProbe probe;
  private InetSocketAddress probeSource;
  private Runnable probeRead;

  UdpEndpoint(int index, ListenPoint listenPoint, String node, TransportSettings settings,
      InboundHandler handler, TransportStats stats, NioEventLoop loop) {
    this.index = index;
    this.loop = loop;
    this.listenPoint = listenPoint;
    this.node = node;
    this.settings = settings;
    this.handler = handler;
    this.stats = stats;
  }

  /** Binds the socket and registers it with its event loop. */
  void start() {
    InetSocketAddress address = listenPoint.socketAddress();
    if (address.isUnresolved()) {
      throw new TransportStartException(listenPoint, "host does not resolve", null);
    }
    ipv4 = address.getAddress() instanceof Inet4Address;
    try {
      channel = open(address);
    } catch (IOException e) {
      throw new TransportStartException(listenPoint, TransportStartException.why(e), e);
    }
    try {
      bound = (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      closeQuietly(channel);
      throw new TransportStartException(listenPoint, TransportStartException.why(e), e);
    }
    buffer = receiveBuffer();
    try {
      loop.register(channel, SelectionKey.OP_READ, new NioTask<SelectableChannel>() {
        @Override
        public void channelReady(SelectableChannel ch, SelectionKey key) {
          drain();
        }

        @Override
        public void channelUnregistered(SelectableChannel ch, Throwable cause) {
          if (!closed) {
            log.error("udp {}: the socket left its event loop; nothing more is received on it", bound, cause);
          }
        }
      });
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw new TransportStartException(listenPoint, "cannot register with its event loop: " + e, e);
    }
    log.info("listening on udp {}", bound);
  }

  private DatagramChannel open(InetSocketAddress address) throws IOException {
    DatagramChannel ch =
        DatagramChannel.open(ipv4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
    try {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, settings.udpReceiveBufferSize());
      ch.setOption(StandardSocketOptions.SO_SNDBUF, settings.udpSendBufferSize());
      ch.bind(address);
      ch.configureBlocking(false);
      int granted = ch.getOption(StandardSocketOptions.SO_RCVBUF);
      if (granted < settings.udpReceiveBufferSize()) {
        log.debug("udp {}: SO_RCVBUF {} granted of {} requested (net.core.rmem_max)",
            address, granted, settings.udpReceiveBufferSize());
      }
      return ch;
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  InetSocketAddress boundAddress() {
    return bound;
  }

  /** Whether the socket speaks IPv4 only (bound to an IPv4 address). */
  boolean isIpv4() {
    return ipv4;
  }

  /** Whether the socket can reach {@code destination}'s address family. */
  boolean canReach(InetSocketAddress destination) {
    return (destination.getAddress() instanceof Inet4Address)
        ? ipv4 || bound.getAddress().isAnyLocalAddress()
        : !ipv4;
  }

  /** Sends one datagram; counts and logs a failure instead of throwing. */
  boolean send(InetSocketAddress destination, byte[] bytes) {
    try {
      if (channel.send(ByteBuffer.wrap(bytes), destination) == 0) {
        stats.sendFailures.increment();
        log.debug("udp {} -> {}: send buffer full", bound, destination);
        return false;
      }
      stats.sent.increment();
      return true;
    } catch (IOException | RuntimeException e) {
      stats.sendFailures.increment();
      log.debug("udp {} -> {}: send failed: {}", bound, destination, e.toString());
      return false;
    }
  }

  private ByteBuffer receiveBuffer() {
    // room for the largest datagram: one over the limit still reaches the handler, whose parser
    // answers it 513 (RFC 3261 §21.4.24) from its headers
    return ByteBuffer.allocateDirect(Math.max(settings.maxMessageSize() + 1, MAX_DATAGRAM));
  }

  private void onDatagram(ByteBuffer buffer, SocketAddress source) {
    int max = settings.maxMessageSize();
    int length = buffer.position();
    if (length > max) {
      stats.droppedOversize.increment();
      log.debug("udp {}: a datagram from {} is over {} bytes", bound, source, max);
    }
    int from = 0;
    while (from < length && isCrOrLf(buffer.get(from))) {
      from++;
    }
    if (from == length) {
      if (length > 0) {
        stats.keepalives.increment(); // RFC 5626 §4.4.1: over UDP it gets no answer
      }
      return;
    }
    InetSocketAddress remote = (InetSocketAddress) source;
    if (from == 0 && StunBinding.isStun(buffer.get(0))) {
      onStun(buffer, length, remote);
      return;
    }
    byte[] data = new byte[length - from];
    buffer.get(from, data);
    int firstLineEnd = StartLineSniffer.firstLineEnd(data, 0, data.length);
    if (!StartLineSniffer.looksLikeStartLine(data, 0, firstLineEnd)) {
      stats.droppedGarbage.increment();
      log.debug("udp {}: dropped a datagram from {} that is not SIP", bound, source);
      return;
    }
    if (!remote.equals(lastRemote)) {
      lastFlow = flowFrom(remote);
      lastRemote = remote;
    }
    stats.received.increment();
    try {
      handler.onFrame(data, 0, data.length, lastFlow);
    } catch (RuntimeException e) {
      stats.handlerFailures.increment();
      log.warn("udp {}: inbound handler failed on a datagram from {}", bound, remote, e);
    }
  }

  /** A STUN message on the SIP socket (RFC 5389; RFC 5626 §4.4.2): answered here, on the loop. */
  private void onStun(ByteBuffer buffer, int length, InetSocketAddress remote) {
    StunBinding.Result r = StunBinding.handle(buffer, length, remote);
    switch (r.outcome()) {
      case ANSWERED -> stats.stunAnswered.increment();
      case REFUSED -> stats.stunRefused.increment();
      case INDICATION -> stats.keepalives.increment();
      case DROPPED -> {
        stats.stunDropped.increment();
        log.debug("udp {}: dropped a STUN message from {} that is not well-formed", bound, remote);
      }
    }
    if (r.answer() != null) {
      send(remote, r.answer());
    }
  }

  /**
   * Times this socket's queue into {@code delay} ({@link ReceiveProbe}) from now until it is
   * closed. Call once, after {@link #start()}.
   */
  void probeInto(ReceiveDelay delay) throws IOException {
    ReceiveProbe p = ReceiveProbe.open(delay, bound);
    InetSocketAddress source = p.source();
    // published to the loop by the task below, before the first probe is sent
    loop.execute(() -> {
      this.probeRead = () -> delay.probeRead(System.nanoTime());
      this.probeSource = source;
      p.start();
    });
    probe = p;
  }

  /** On the loop: reads what the socket holds, a bounded number at a time. */
  private void drain() {
    for (int i = 0; i < READS_PER_WAKE_UP && !closed; i++) {
      SocketAddress source;
      buffer.clear();
      try {
        source = channel.receive(buffer);
      } catch (IOException e) {
        log.debug("udp {}: receive failed: {}", bound, e.toString());
        return;
      }
      if (source == null) {
        return;
      }
      if (source.equals(probeSource)) {
        // timed once the loop's tasks queued before it have run: an actor's message read now
        // waits for them too, behind the socket's queue
        loop.execute(probeRead);
        continue;
      }
      onDatagram(buffer, source);
    }
  }

  private Flow flowFrom(InetSocketAddress remote) {
    FlowId id = new FlowId(node, Transport.UDP, UdpFlowIds.of(index, remote));
    return new Flow(id, Transport.UDP, bound, remote);
  }

  /**
   * Closes the socket. Called on its loop, the port is free once the current task is done (the
   * loop selects next); from another thread, before this returns (waiting up to 2 s). Idempotent.
   */
  void close() {
    closed = true;
    ReceiveProbe p = probe;
    if (p != null) {
      p.stop();
    }
    DatagramChannel ch = channel;
    if (ch == null) {
      return;
    }
    if (loop.inEventLoop()) {
      closeQuietly(ch); // which cancels its key
      return;
    }
    try {
      if (loop.submit(() -> closeQuietly(ch)).awaitUninterruptibly(2, TimeUnit.SECONDS)) {
        awaitReleased(ch);
      } else {
        closeQuietly(ch);
      }
    } catch (RejectedExecutionException e) {
      closeQuietly(ch); // the loop is gone, and its selector with it
    }
  }

  /**
   * A channel registered with a selector keeps its socket until the selector lets it go, at the
   * loop's next selection, which follows the close at once; that selection closes the socket
   * before it returns, so a task the loop runs after it sees the port free.
   */
  private void awaitReleased(DatagramChannel ch) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (ch.isRegistered() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    try {
      loop.submit(() -> { }).awaitUninterruptibly(2, TimeUnit.SECONDS);
    } catch (RejectedExecutionException e) {
      // the loop is gone, and its selector with it
    }
  }

  private static boolean isCrOrLf(byte b) {
    return b == '\r' || b == '\n';
  }

  private static void closeQuietly(DatagramChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // closing is best effort
    }
  }
}
