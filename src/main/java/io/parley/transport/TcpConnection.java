package io.parley.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection, accepted or dialed, and the flow it is. A dialed connection takes sends
 * before it is open and writes them, in order, once it is; a connection that fails to open
 * counts each of them as a send failure.
 *
 * <p>Bytes waiting to be written are bounded by {@link TransportSettings#tcpWriteQueueMax()},
 * both while connecting and once open (Netty's write buffer high-water mark): a peer that stops
 * reading gets its sends refused instead of filling the heap.
 */
final class TcpConnection {

  private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

  private static final int CONNECTING = 0;
  private static final int OPEN = 1;
  private static final int CLOSED = 2;

  final long id;
  final FlowId flowId;
  /** The address this node dialed, or {@code null} for an accepted connection. */
  final InetSocketAddress dialed;
  private final TcpTransport owner;
  /**
   * The source an accepted connection counts under (TransportSettings#tcpMaxConnectionsPerSource),
   * from when it opens until it closes; {@code null} otherwise. Used on its event loop only.
   */
  InetAddress source;

  private volatile int state = CONNECTING;
  private volatile Channel channel;
  private volatile Flow flow;
  private ArrayDeque<byte[]> pending;
  private int pendingBytes;

  TcpConnection(long id, String node, InetSocketAddress dialed, TcpTransport owner) {
    this.id = id;
    this.flowId = new FlowId(node, Transport.TCP, id);
    this.dialed = dialed;
    this.owner = owner;
  }

  /** The flow, once the connection is open; else {@code null}. */
  Flow flow() {
    return flow;
  }

  /** Whether it closed, or failed to open: it takes no more sends. */
  boolean isClosed() {
    return state == CLOSED;
  }

  Channel channel() {
    return channel;
  }

  /** Called on the connection's event loop when it opens: writes what waited for it. */
  void opened(Channel ch, Flow openFlow) {
    synchronized (this) {
      if (state != CONNECTING) {
        return;
      }
      channel = ch;
      flow = openFlow;
      if (pending != null) {
        for (byte[] bytes : pending) {
          ch.write(Unpooled.wrappedBuffer(bytes)).addListener(owner.writeListener());
        }
        ch.flush();
        pending = null;
        pendingBytes = 0;
      }
      state = OPEN;
    }
  }

  /** Called when the connection closed or failed to open: what still waited is lost. */
  void closed() {
    int lost;
    synchronized (this) {
      state = CLOSED;
      lost = pending == null ? 0 : pending.size();
      pending = null;
      pendingBytes = 0;
    }
    if (lost > 0) {
      owner.stats().sendFailures.add(lost);
      log.debug("tcp flow {} to {}: {} message(s) lost, connection never opened", flowId,
          dialed, lost);
    }
  }

  /** Writes, or queues until open; refuses (and counts) when closed or over the queue limit. */
  boolean send(byte[] bytes) {
    if (state == CONNECTING) {
      synchronized (this) {
        if (state == CONNECTING) {
          if (pendingBytes + bytes.length > owner.settings().tcpWriteQueueMax()) {
            return refuse("queue full while connecting");
          }
          if (pending == null) {
            pending = new ArrayDeque<>(4);
          }
          pending.add(bytes);
          pendingBytes += bytes.length;
          return true;
        }
      }
    }
    Channel ch = channel;
    if (state != OPEN || ch == null || !ch.isActive()) {
      return refuse("connection closed");
    }
    if (ch.bytesBeforeUnwritable() < bytes.length) {
      return refuse("write queue full, the peer reads too slowly");
    }
    ch.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(owner.writeListener());
    return true;
  }

  private boolean refuse(String why) {
    owner.stats().sendFailures.increment();
    log.debug("tcp flow {}: send refused: {}", flowId, why);
    return false;
  }
}
