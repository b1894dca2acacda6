package io.parley.transport;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP listen point: a plain {@link DatagramChannel} and one thread blocked in {@code
 * receive}, which hands each datagram straight to the {@link InboundHandler}. Sends go out
 * through the same channel from any thread.
 *
 * <p>Why not Netty here: {@code UdpEchoBench} (600-byte datagrams echoed on 127.0.0.1, a paced
 * client in the same JVM, server-thread CPU per datagram, median of 3 runs of 10 s on a 2-core
 * VM shared with other builds) measured a plain channel at 12.0 µs at 20k/s and 8.7 µs at
 * 50k/s, Netty's epoll datagram channel at 15.3 µs and 10.2 µs, and this class, sniffing and
 * flows included, at 13.2 µs and 9.3 µs (at 50k/s every mode lost datagrams, the CPU being
 * shared with the client and other work). An earlier measurement found the
 * same (11.3 against 15.0 µs at 20k/s) and no gain from recvmmsg, GRO or several SO_REUSEPORT
 * sockets. So the production UDP path is plain NIO only, with no switch to Netty.
 *
 * <p>The channel stays in blocking mode, so a send waits if the socket's send buffer (4 MiB
 * requested) is full; Linux drops rather than queues beyond it, so the wait is short. A
 * blocking channel is closed by an interrupt of a thread inside it, which would take the socket
 * from every user: a send therefore clears the calling thread's interrupt flag for its duration
 * and sets it again after, and if the channel is closed anyway by anything but {@link #close()},
 * the receive thread opens and binds it again.
 */
final class UdpEndpoint {
  /** The largest UDP payload over IPv4 and IPv6 without jumbograms (65,535 less the headers). */
  private static final int MAX_DATAGRAM = 65_536;


  private static final Logger log = LoggerFactory.getLogger(UdpEndpoint.class);

  private final int index;
  private final ListenPoint listenPoint;
  private final String node;
  private final TransportSettings settings;
  private final InboundHandler handler;
  private final TransportStats stats;

  private volatile DatagramChannel channel;
  private volatile boolean closed;
  private InetSocketAddress bound;
  private boolean ipv4;
  private Thread thread;

  UdpEndpoint(int index, ListenPoint listenPoint, String node, TransportSettings settings,
      InboundHandler handler, TransportStats stats) {
    this.index = index;
    this.listenPoint = listenPoint;
    this.node = node;
    this.settings = settings;
    this.handler = handler;
    this.stats = stats;
  }

  /** Binds the socket and starts the receive thread. */
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
    thread = new Thread(this::receiveLoop, "parley-udp-" + listenPoint.host() + ":" + bound.getPort());
    thread.setDaemon(true);
    thread.start();
    log.info("listening on udp {}", bound);
  }

  private DatagramChannel open(InetSocketAddress address) throws IOException {
    DatagramChannel ch =
        DatagramChannel.open(ipv4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
    try {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, settings.udpReceiveBufferSize());
      ch.setOption(StandardSocketOptions.SO_SNDBUF, settings.udpSendBufferSize());
      ch.bind(address);
      ch.configureBlocking(true);
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
    boolean interrupted = Thread.interrupted();
    try {
      channel.send(ByteBuffer.wrap(bytes), destination);
      stats.sent.increment();
      return true;
    } catch (IOException | RuntimeException e) {
      stats.sendFailures.increment();
      log.debug("udp {} -> {}: send failed: {}", bound, destination, e.toString());
      return false;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void receiveLoop() {
    int max = settings.maxMessageSize();
    // room for the largest datagram: one over the limit still reaches the handler, whose parser
    // answers it 513 (RFC 3261 §21.4.24) from its headers
    ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(max + 1, MAX_DATAGRAM));
    InetSocketAddress lastRemote = null;
    Flow lastFlow = null;
    while (!closed) {
      SocketAddress source;
      buffer.clear();
      try {
        source = channel.receive(buffer);
      } catch (ClosedChannelException e) {
        if (closed || !reopen()) {
          break;
        }
        continue;
      } catch (IOException e) {
        log.debug("udp {}: receive failed: {}", bound, e.toString());
        continue;
      }
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
        continue;
      }
      byte[] data = new byte[length - from];
      buffer.get(from, data);
      int firstLineEnd = StartLineSniffer.firstLineEnd(data, 0, data.length);
      if (!StartLineSniffer.looksLikeStartLine(data, 0, firstLineEnd)) {
        stats.droppedGarbage.increment();
        log.debug("udp {}: dropped a datagram from {} that is not SIP", bound, source);
        continue;
      }
      InetSocketAddress remote = (InetSocketAddress) source;
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
  }

  private Flow flowFrom(InetSocketAddress remote) {
    FlowId id = new FlowId(node, Transport.UDP, UdpFlowIds.of(index, remote));
    return new Flow(id, Transport.UDP, bound, remote);
  }

  /** Opens the socket again on the address it had, after something other than close() closed it. */
  private boolean reopen() {
    log.warn("udp {}: socket closed unexpectedly, binding it again", bound);
    try {
      channel = open(bound);
      return true;
    } catch (IOException e) {
      log.error("udp {}: cannot bind again: {}", bound, TransportStartException.why(e));
      return false;
    }
  }

  /** Closes the socket and waits briefly for the receive thread to end. Idempotent. */
  void close() {
    closed = true;
    DatagramChannel ch = channel;
    if (ch != null) {
      closeQuietly(ch);
    }
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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
