package io.parley.transport;

import java.time.Duration;

/**
 * Limits and sizes of the transport layer. {@link #defaults()} follows Kamailio's defaults
 * where Kamailio has one, so an operator moving over finds the same behaviour.
 *
 * @param maxMessageSize the largest message accepted, in bytes; default 65,535 (Kamailio's
 *     {@code BUF_SIZE}). A larger UDP datagram is dropped; a stream whose header section or
 *     frame would exceed it is closed, so no peer can make a connection buffer more.
 * @param tcpIdleTimeout a connection with nothing read or written for this long is closed;
 *     default 2 minutes (Kamailio's {@code tcp_connection_lifetime}, 120 s). It also ends a
 *     message whose Content-Length promises more than ever arrives (RFC 4475 §3.1.2.2).
 * @param tcpConnectTimeout how long an outgoing connection may take to open; default 10 s
 *     (Kamailio's {@code tcp_connect_timeout})
 * @param tcpMaxConnections connections open at once, both directions; one more accepted is
 *     closed at once; default 2,048 (Kamailio's {@code tcp_max_connections})
 * @param tcpMessageTimeout a message must arrive whole within this time of its first byte (CR LF
 *     keepalives between messages do not start the clock), or its connection is closed; default
 *     32 s, 64*T1 (RFC 3261 §17.1.1.2: how long a transaction waits for an answer at all). The
 *     idle timeout alone cannot end a peer that sends a byte now and then (a slowloris). Between
 *     {@value #MIN_TCP_MESSAGE_TIMEOUT_S} s and {@value #MAX_TCP_MESSAGE_TIMEOUT_S} s.
 * @param tcpMaxConnectionsPerSource connections accepted from one source open at once; one more
 *     is closed at once. A source is an IPv4 address, or the /64 of an IPv6 address (what one
 *     subscriber line usually gets). Connections this node dials do not count: the far end did
 *     not choose them. Default 64, so that one address holds at most 1/32 of the default {@code
 *     tcpMaxConnections}; a value above {@code tcpMaxConnections} has no effect
 * @param tcpWriteQueueMax bytes that may wait to be written on one connection, including a new
 *     connection's bytes waiting for it to open; a send past it is refused. Default 256 KiB:
 *     four messages of the maximum size (Kamailio's {@code tcp_conn_wq_max} is 32 KiB, smaller
 *     than one maximal message here).
 * @param udpReceiveBufferSize SO_RCVBUF requested for each UDP socket, default 4 MiB, so a burst
 *     is queued by the kernel rather than dropped; Linux grants at most {@code
 *     net.core.rmem_max}
 * @param udpSendBufferSize SO_SNDBUF requested for each UDP socket, default 4 MiB
 * @param eventLoopThreads threads running every TCP connection, default 1: on a small machine
 *     more threads mostly add wake-ups
 */
public record TransportSettings(
    int maxMessageSize,
    Duration tcpIdleTimeout,
    Duration tcpConnectTimeout,
    int tcpMaxConnections,
    Duration tcpMessageTimeout,
    int tcpMaxConnectionsPerSource,
    int tcpWriteQueueMax,
    int udpReceiveBufferSize,
    int udpSendBufferSize,
    int eventLoopThreads) {

  public static final int DEFAULT_MAX_MESSAGE_SIZE = 65_535;
  public static final Duration DEFAULT_TCP_IDLE_TIMEOUT = Duration.ofSeconds(120);
  public static final Duration DEFAULT_TCP_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_TCP_MAX_CONNECTIONS = 2048;
  public static final Duration DEFAULT_TCP_MESSAGE_TIMEOUT = Duration.ofSeconds(32);
  public static final int DEFAULT_TCP_MAX_CONNECTIONS_PER_SOURCE = 64;
  public static final long MIN_TCP_MESSAGE_TIMEOUT_S = 1;
  public static final long MAX_TCP_MESSAGE_TIMEOUT_S = 600;
  public static final int DEFAULT_TCP_WRITE_QUEUE_MAX = 256 * 1024;
  public static final int DEFAULT_UDP_BUFFER_SIZE = 4 * 1024 * 1024;
  public static final int DEFAULT_EVENT_LOOP_THREADS = 1;

  /** The smallest max message size: RFC 3261 §18.1.1 has every element take 1,300 bytes. */
  public static final int MIN_MAX_MESSAGE_SIZE = 1300;

  public TransportSettings {
    if (maxMessageSize < MIN_MAX_MESSAGE_SIZE) {
      throw new IllegalArgumentException(
          "max message size " + maxMessageSize + " is below " + MIN_MAX_MESSAGE_SIZE);
    }
    requirePositive("tcp idle timeout", tcpIdleTimeout);
    requirePositive("tcp connect timeout", tcpConnectTimeout);
    if (tcpMaxConnections < 1) {
      throw new IllegalArgumentException("tcp max connections must be at least 1");
    }
    if (tcpMessageTimeout == null
        || tcpMessageTimeout.compareTo(Duration.ofSeconds(MIN_TCP_MESSAGE_TIMEOUT_S)) < 0
        || tcpMessageTimeout.compareTo(Duration.ofSeconds(MAX_TCP_MESSAGE_TIMEOUT_S)) > 0) {
      throw new IllegalArgumentException("tcp message timeout must be between "
          + MIN_TCP_MESSAGE_TIMEOUT_S + "s and " + MAX_TCP_MESSAGE_TIMEOUT_S + "s, was "
          + tcpMessageTimeout);
    }
    if (tcpMaxConnectionsPerSource < 1) {
      throw new IllegalArgumentException("tcp max connections per source must be at least 1");
    }
    if (tcpWriteQueueMax < maxMessageSize) {
      throw new IllegalArgumentException(
          "tcp write queue max " + tcpWriteQueueMax + " is below the max message size "
              + maxMessageSize);
    }
    if (udpReceiveBufferSize < 1 || udpSendBufferSize < 1) {
      throw new IllegalArgumentException("udp buffer sizes must be positive");
    }
    if (eventLoopThreads < 1) {
      throw new IllegalArgumentException("event loop threads must be at least 1");
    }
  }

  /** The defaults described on each component. */
  public static TransportSettings defaults() {
    return new TransportSettings(
        DEFAULT_MAX_MESSAGE_SIZE,
        DEFAULT_TCP_IDLE_TIMEOUT,
        DEFAULT_TCP_CONNECT_TIMEOUT,
        DEFAULT_TCP_MAX_CONNECTIONS,
        DEFAULT_TCP_MESSAGE_TIMEOUT,
        DEFAULT_TCP_MAX_CONNECTIONS_PER_SOURCE,
        DEFAULT_TCP_WRITE_QUEUE_MAX,
        DEFAULT_UDP_BUFFER_SIZE,
        DEFAULT_UDP_BUFFER_SIZE,
        DEFAULT_EVENT_LOOP_THREADS);
  }

  public TransportSettings withMaxMessageSize(int value) {
    return new TransportSettings(value, tcpIdleTimeout, tcpConnectTimeout, tcpMaxConnections,
        tcpMessageTimeout, tcpMaxConnectionsPerSource, Math.max(tcpWriteQueueMax, value),
        udpReceiveBufferSize, udpSendBufferSize, eventLoopThreads);
  }

  public TransportSettings withTcpIdleTimeout(Duration value) {
    return new TransportSettings(maxMessageSize, value, tcpConnectTimeout, tcpMaxConnections,
        tcpMessageTimeout, tcpMaxConnectionsPerSource, tcpWriteQueueMax, udpReceiveBufferSize,
        udpSendBufferSize, eventLoopThreads);
  }

  public TransportSettings withTcpConnectTimeout(Duration value) {
    return new TransportSettings(maxMessageSize, tcpIdleTimeout, value, tcpMaxConnections,
        tcpMessageTimeout, tcpMaxConnectionsPerSource, tcpWriteQueueMax, udpReceiveBufferSize,
        udpSendBufferSize, eventLoopThreads);
  }

  public TransportSettings withTcpMaxConnections(int value) {
    return new TransportSettings(maxMessageSize, tcpIdleTimeout, tcpConnectTimeout, value,
        tcpMessageTimeout, tcpMaxConnectionsPerSource, tcpWriteQueueMax, udpReceiveBufferSize,
        udpSendBufferSize, eventLoopThreads);
  }

  public TransportSettings withTcpMessageTimeout(Duration value) {
    return new TransportSettings(maxMessageSize, tcpIdleTimeout, tcpConnectTimeout,
        tcpMaxConnections, value, tcpMaxConnectionsPerSource, tcpWriteQueueMax,
        udpReceiveBufferSize, udpSendBufferSize, eventLoopThreads);
  }

  public TransportSettings withTcpMaxConnectionsPerSource(int value) {
    return new TransportSettings(maxMessageSize, tcpIdleTimeout, tcpConnectTimeout,
        tcpMaxConnections, tcpMessageTimeout, value, tcpWriteQueueMax, udpReceiveBufferSize,
        udpSendBufferSize, eventLoopThreads);
  }

  public TransportSettings withTcpWriteQueueMax(int value) {
    return new TransportSettings(maxMessageSize, tcpIdleTimeout, tcpConnectTimeout,
        tcpMaxConnections, tcpMessageTimeout, tcpMaxConnectionsPerSource, value,
        udpReceiveBufferSize, udpSendBufferSize, eventLoopThreads);
  }

  public TransportSettings withUdpBufferSizes(int receive, int send) {
    return new TransportSettings(maxMessageSize, tcpIdleTimeout, tcpConnectTimeout,
        tcpMaxConnections, tcpMessageTimeout, tcpMaxConnectionsPerSource, tcpWriteQueueMax,
        receive, send, eventLoopThreads);
  }

  public TransportSettings withEventLoopThreads(int value) {
    return new TransportSettings(maxMessageSize, tcpIdleTimeout, tcpConnectTimeout,
        tcpMaxConnections, tcpMessageTimeout, tcpMaxConnectionsPerSource, tcpWriteQueueMax,
        udpReceiveBufferSize, udpSendBufferSize, value);
  }

  private static void requirePositive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
  }
}
