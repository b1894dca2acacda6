package io.parley.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP for SIP on Netty (epoll where it loads, else NIO), with a small event loop group: the
 * TCP listen points, the connections they accept, and the connections this node dials.
 *
 * <p>Keeps a table of open connections by id (for {@link SipSender#send(Flow, byte[])}) and by
 * remote address (so a send to an address reuses a connection to it, RFC 3261 §18.1.1); an
 * entry leaves the tables when its connection closes.
 *
 * <p>Limits what strangers can hold: {@link TransportSettings#tcpMaxConnections()} in all, {@link
 * TransportSettings#tcpMaxConnectionsPerSource()} accepted from one source, a message deadline and
 * an idle timeout per connection ({@link StreamFrameHandler}). Each refusal and close for one of
 * these is counted ({@link TransportStats}) and logged at INFO, rate-limited ({@link
 * ConnectionCloseLog}).
 */
final class TcpTransport {

  private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);

  private final String node;
  private final TransportSettings settings;
  private final InboundHandler handler;
  private final TransportStats stats;
  private final ConcurrentHashMap<Long, TcpConnection> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<InetSocketAddress, TcpConnection> byRemote =
      new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();
  private final ConnectionsPerSource perSource = new ConnectionsPerSource();
  private final ConnectionCloseLog closeLog = new ConnectionCloseLog();
  private final List<Channel> servers = new ArrayList<>();
  private final List<InetSocketAddress> bound = new ArrayList<>();
  private final ChannelFutureListener writeListener;
  private EventLoopGroup group;
  private volatile boolean stopped;

  TcpTransport(String node, TransportSettings settings, InboundHandler handler,
      TransportStats stats) {
    this.node = node;
    this.settings = settings;
    this.handler = handler;
    this.stats = stats;
    this.writeListener = future -> {
      if (future.isSuccess()) {
        stats.sent.increment();
      } else {
        stats.sendFailures.increment();
        log.debug("tcp {}: write failed: {}", future.channel().remoteAddress(),
            String.valueOf(future.cause()));
      }
    };
  }

  /** Starts the event loops and binds the listen points; on failure nothing stays bound. */
  void start(List<ListenPoint> listenPoints) {
    group = NettyEventLoops.group(settings.eventLoopThreads(), "parley-tcp");
    long every = ConnectionCloseLog.INTERVAL.toMillis();
    group.scheduleAtFixedRate(closeLog::flush, every, every, TimeUnit.MILLISECONDS);
    ServerBootstrap server = new ServerBootstrap()
        .group(group)
        .channel(NettyEventLoops.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            TcpConnection connection = new TcpConnection(ids.incrementAndGet(), node, null,
                TcpTransport.this);
            addHandlers(ch, connection);
          }
        });
    for (ListenPoint lp : listenPoints) {
      InetSocketAddress address = lp.socketAddress();
      if (address.isUnresolved()) {
        throw new TransportStartException(lp, "host does not resolve", null);
      }
      ChannelFuture f = server.bind(address).awaitUninterruptibly();
      if (!f.isSuccess()) {
        throw new TransportStartException(lp, TransportStartException.why(f.cause()), f.cause());
      }
      servers.add(f.channel());
      bound.add((InetSocketAddress) f.channel().localAddress());
      log.info("listening on tcp {}{}", f.channel().localAddress(),
          NettyEventLoops.EPOLL ? " (epoll)" : " (nio)");
    }
  }

  private WriteBufferWaterMark waterMark() {
    int high = settings.tcpWriteQueueMax();
    return new WriteBufferWaterMark(high / 2, high);
  }

  private void addHandlers(Channel ch, TcpConnection connection) {
    ch.pipeline().addLast(
        new IdleStateHandler(0, 0, settings.tcpIdleTimeout().toMillis(), TimeUnit.MILLISECONDS),
        new StreamFrameHandler(connection, this));
  }

  List<InetSocketAddress> boundAddresses() {
    return List.copyOf(bound);
  }

  /** Sends on the connection with this id, if it is still open. */
  boolean send(long connectionId, byte[] bytes) {
    TcpConnection connection = byId.get(connectionId);
    if (connection == null) {
      stats.sendFailures.increment();
      log.debug("tcp connection {} is gone: send refused", connectionId);
      return false;
    }
    return connection.send(bytes);
  }

  /** The flow of the connection with this id while it is open, else null. */
  Flow flow(long connectionId) {
    TcpConnection connection = byId.get(connectionId);
    return connection == null || connection.isClosed() ? null : connection.flow();
  }

  /** Sends on an open connection to {@code destination}, or on a new one. */
  boolean send(InetSocketAddress destination, byte[] bytes) {
    if (stopped || destination.isUnresolved()) {
      stats.sendFailures.increment();
      log.debug("tcp send to {} refused: {}", destination,
          stopped ? "transport stopped" : "unresolved address");
      return false;
    }
    TcpConnection connection = byRemote.get(destination);
    if (connection != null && connection.isClosed()) {
      // closed a moment ago and not yet forgotten: dial anew rather than fail
      byRemote.remove(destination, connection);
      connection = byRemote.get(destination);
    }
    if (connection == null) {
      TcpConnection dialing =
          new TcpConnection(ids.incrementAndGet(), node, destination, this);
      connection = byRemote.putIfAbsent(destination, dialing);
      if (connection == null) {
        connection = dialing;
        connect(dialing);
      }
    }
    return connection.send(bytes);
  }

  private void connect(TcpConnection connection) {
    Bootstrap client = new Bootstrap()
        .group(group)
        .channel(NettyEventLoops.socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) Math.min(Integer.MAX_VALUE, settings.tcpConnectTimeout().toMillis()))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            addHandlers(ch, connection);
          }
        });
    client.connect(connection.dialed).addListener((ChannelFuture f) -> {
      if (!f.isSuccess()) {
        byRemote.remove(connection.dialed, connection);
        log.debug("tcp connect to {} failed: {}", connection.dialed, String.valueOf(f.cause()));
        connection.closed();
      }
    });
  }

  /**
   * A connection opened: counts it, or closes it when over the maximum, or (accepted ones) when
   * its source is at its maximum. Connections this node dials count only against the maximum.
   */
  void onActive(TcpConnection connection, Channel ch) {
    int total = open.incrementAndGet();
    InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
    if (stopped || remote == null) {
      ch.close();
      return;
    }
    int fromSource = 0;
    if (connection.dialed == null) {
      connection.source = ConnectionsPerSource.sourceOf(remote.getAddress());
      fromSource = perSource.opened(connection.source);
    }
    if (fromSource > settings.tcpMaxConnectionsPerSource()) {
      closeFor(CloseReason.MAX_CONNECTIONS_PER_SOURCE, ch, "refused: its source has "
          + settings.tcpMaxConnectionsPerSource()
          + " connections open (parley.sip.tcp-max-connections-per-source)");
      return;
    }
    if (total > settings.tcpMaxConnections()) {
      closeFor(CloseReason.MAX_CONNECTIONS, ch, "refused: " + settings.tcpMaxConnections()
          + " connections open (parley.sip.tcp-max-connections)");
      return;
    }
    Flow flow = new Flow(connection.flowId, Transport.TCP,
        (InetSocketAddress) ch.localAddress(), remote);
    byId.put(connection.id, connection);
    byRemote.putIfAbsent(remote, connection);
    stats.connectionsOpened.increment();
    connection.opened(ch, flow);
  }

  /** Closes a connection for a limit it reached: counted, and logged at INFO, rate-limited. */
  void closeFor(CloseReason reason, Channel ch, String why) {
    stats.closed(reason);
    closeLog.closed(reason, ch.remoteAddress(), why);
    ch.close();
  }

  /** A connection closed: forgets it. */
  void onInactive(TcpConnection connection) {
    open.decrementAndGet();
    if (connection.source != null) {
      perSource.closed(connection.source);
      connection.source = null;
    }
    byId.remove(connection.id, connection);
    Flow flow = connection.flow();
    if (flow != null) {
      byRemote.remove(flow.remote(), connection);
    }
    if (connection.dialed != null) {
      byRemote.remove(connection.dialed, connection);
    }
    connection.closed();
  }

  /** Accepted connections open from the source of {@code address} (its /64 for IPv6). */
  int openFrom(InetAddress address) {
    return perSource.count(ConnectionsPerSource.sourceOf(address));
  }

  /** Sources with an accepted connection open. */
  int sources() {
    return perSource.sources();
  }

  /** Connections open now. */
  int openConnections() {
    return byId.size();
  }

  /** Closes the listening sockets and every connection, and stops the event loops. */
  void stop() {
    stopped = true;
    for (Channel server : servers) {
      server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    for (TcpConnection connection : byId.values()) {
      Channel ch = connection.channel();
      if (ch != null) {
        ch.close();
      }
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  TransportSettings settings() {
    return settings;
  }

  TransportStats stats() {
    return stats;
  }

  InboundHandler handler() {
    return handler;
  }

  ChannelFutureListener writeListener() {
    return writeListener;
  }
}
