package io.parley.transport;

import io.parley.common.ReceiveDelay;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP sockets of one node: every listen point bound, every message received handed up
 * raw and framed to one {@link InboundHandler}, and sends out through the right socket or
 * connection (RFC 3261 §18).
 *
 * <p>UDP: a plain non-blocking {@code DatagramChannel} per listen point, read by one of the
 * node's {@link SipEventLoops}, which calls the handler itself ({@link UdpEndpoint}; a plain
 * channel because it measured cheaper than Netty's here: see {@code UdpEchoBench}). TCP: Netty with {@link TransportSettings#eventLoopThreads()}
 * threads, framing by Content-Length ({@link SipStreamFramer}). TLS, WS and WSS are not
 * implemented yet: a listen point with one is refused at construction.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #stop()} any number of times. Sends before start
 * or after stop are refused and counted.
 */
public final class TransportLayer implements SipSender {

  private static final Logger log = LoggerFactory.getLogger(TransportLayer.class);

  private static final int NEW = 0;
  private static final int STARTING = 1;
  private static final int STARTED = 2;
  private static final int STOPPED = 3;

  private final String node;
  private final List<ListenPoint> listenPoints;
  private final InboundHandler handler;
  private final TransportSettings settings;
  private final TransportStats stats = new TransportStats();
  private final SipTraffic traffic;
  private final UdpEndpoint[] udp;
  private final TcpTransport tcp;
  private volatile int state = NEW;
  private volatile FlowRelay relay;
  /** Loops this layer started itself (when given none), stopped with it. */
  private final SipEventLoops ownLoops;

  /**
   * @param listenPoints where to listen; at least one, UDP and TCP only for now
   * @param node this node's name, as flow ids carry it
   * @param handler receives every message, on the receiving thread
   * @param settings limits and sizes
   * @throws IllegalArgumentException for an unsupported transport or too many UDP listen points
   */
  public TransportLayer(List<ListenPoint> listenPoints, String node, InboundHandler handler,
      TransportSettings settings) {
    this(listenPoints, node, handler, settings, new SipTraffic(), null);
  }

  /**
   * As above, counting the responses sent in {@code traffic} (the edge counts what is received
   * there: {@link SipEdge#traffic()}), with the UDP sockets read by {@code loops}; when null, the
   * layer starts one loop of its own and stops it with itself.
   */
  public TransportLayer(List<ListenPoint> listenPoints, String node, InboundHandler handler,
      TransportSettings settings, SipTraffic traffic, SipEventLoops loops) {
    this.traffic = Objects.requireNonNull(traffic, "traffic");
    if (listenPoints == null || listenPoints.isEmpty()) {
      throw new IllegalArgumentException("no listen points");
    }
    if (node == null || node.isEmpty()) {
      throw new IllegalArgumentException("no node name");
    }
    if (handler == null || settings == null) {
      throw new IllegalArgumentException("no inbound handler or settings");
    }
    this.listenPoints = List.copyOf(listenPoints);
    this.node = node;
    this.handler = handler;
    this.settings = settings;
    List<ListenPoint> udpPoints = new ArrayList<>();
    for (ListenPoint lp : this.listenPoints) {
      switch (lp.transport()) {
        case UDP -> udpPoints.add(lp);
        case TCP -> { }
        default -> throw new IllegalArgumentException(
            "listen point " + lp + ": " + lp.transport() + " is not supported yet");
      }
    }
    if (udpPoints.size() > UdpFlowIds.MAX_SOCKETS) {
      throw new IllegalArgumentException("more than " + UdpFlowIds.MAX_SOCKETS + " UDP listen points");
    }
    this.ownLoops = loops == null ? SipEventLoops.start(1) : null;
    SipEventLoops readers = loops == null ? ownLoops : loops;
    List<UdpEndpoint> udpEndpoints = new ArrayList<>();
    for (ListenPoint lp : udpPoints) {
      int index = udpEndpoints.size();
      udpEndpoints.add(new UdpEndpoint(index, lp, node, settings, handler, stats, readers.loops().loopFor(index)));
    }
    this.udp = udpEndpoints.toArray(new UdpEndpoint[0]);
    this.tcp = new TcpTransport(node, settings, handler, stats);
  }

  /**
   * Binds every listen point and starts receiving.
   *
   * @throws TransportStartException if one cannot be bound (port in use, foreign address,
   *     unresolvable host); what was already bound is closed again
   * @throws IllegalStateException if started before
   */
  public synchronized void start() {
    if (state != NEW) {
      throw new IllegalStateException("transport layer already started");
    }
    state = STARTING;
    try {
      for (UdpEndpoint endpoint : udp) {
        endpoint.start();
      }
      List<ListenPoint> tcpPoints = new ArrayList<>();
      for (ListenPoint lp : listenPoints) {
        if (lp.transport() == Transport.TCP) {
          tcpPoints.add(lp);
        }
      }
      // the event loops run even without a TCP listen point: requests may go out over TCP
      tcp.start(tcpPoints);
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    state = STARTED;
  }

  /**
   * Times the queue of the first UDP listen point into {@code delay} from now on ({@link
   * ReceiveDelay}); nothing without one, or when {@code delay} measures nothing. After {@link
   * #start()}. The other UDP sockets are read by the same loops, so they wait alike.
   */
  public void probeReceiveDelay(ReceiveDelay delay) {
    if (udp.length == 0 || !delay.measured()) {
      return;
    }
    try {
      udp[0].probeInto(delay);
    } catch (java.io.IOException e) {
      throw new TransportStartException(listenPoints.get(0), "the receive probe's socket: " + e.getMessage(), e);
    }
  }

  /** Closes every socket and connection and stops the threads. Idempotent. */
  public synchronized void stop() {
    if (state == STOPPED) {
      return;
    }
    boolean wasStarted = state != NEW;
    state = STOPPED;
    if (wasStarted) {
      for (UdpEndpoint endpoint : udp) {
        endpoint.close();
      }
      tcp.stop();
      log.info("transport layer of {} stopped", node);
    }
    stopOwnLoops();
  }

  private void stopOwnLoops() {
    if (ownLoops != null) {
      ownLoops.stop();
    }
  }

  /**
   * From now on, a message for a flow of another node goes through {@code relay} to that node
   * (DESIGN.md, Flows) instead of being refused. Set once the cluster is up; before, such a send
   * is refused and counted as a send failure.
   */
  public void relayOtherNodesFlowsThrough(FlowRelay relay) {
    this.relay = Objects.requireNonNull(relay, "relay");
  }

  /**
   * The addresses bound for a transport, in listen point order, with the real port where
   * port 0 asked for an ephemeral one. Empty before {@link #start()}.
   */
  public List<InetSocketAddress> boundAddresses(Transport transport) {
    if (state == NEW) {
      return List.of();
    }
    return switch (transport) {
      case UDP -> {
        List<InetSocketAddress> addresses = new ArrayList<>(udp.length);
        for (UdpEndpoint endpoint : udp) {
          if (endpoint.boundAddress() != null) {
            addresses.add(endpoint.boundAddress());
          }
        }
        yield List.copyOf(addresses);
      }
      case TCP -> tcp.boundAddresses();
      default -> List.of();
    };
  }

  @Override
  public boolean send(Flow flow, byte[] bytes) {
    FlowId id = flow.id();
    if (state != STARTED) {
      return refuse("transport layer not running", flow);
    }
    if (!node.equals(id.node())) {
      // the holding node counts the message as sent, when it sends it
      FlowRelay r = relay;
      return r != null ? r.sendThrough(flow, bytes) : refuse("flow of node " + id.node(), flow);
    }
    traffic.sending(bytes);
    switch (flow.transport()) {
      case UDP: {
        int index = UdpFlowIds.socketIndex(id.connectionId());
        if (index >= udp.length) {
          return refuse("no such UDP socket", flow);
        }
        return udp[index].send(flow.remote(), bytes);
      }
      case TCP:
        return tcp.send(id.connectionId(), bytes);
      default:
        return refuse(flow.transport() + " is not supported yet", flow);
    }
  }

  @Override
  public boolean send(Transport transport, InetSocketAddress destination, byte[] bytes) {
    if (state != STARTED) {
      return refuse("transport layer not running", destination);
    }
    traffic.sending(bytes);
    switch (transport) {
      case UDP: {
        if (destination.isUnresolved()) {
          return refuse("unresolved address", destination);
        }
        UdpEndpoint endpoint = udpFor(destination);
        if (endpoint == null) {
          return refuse("no UDP listen point can reach it", destination);
        }
        return endpoint.send(destination, bytes);
      }
      case TCP:
        return tcp.send(destination, bytes);
      default:
        return refuse(transport + " is not supported yet", destination);
    }
  }

  @Override
  public Flow flow(FlowId id, InetSocketAddress remote) {
    if (state != STARTED || !node.equals(id.node())) {
      return null;
    }
    switch (id.transport()) {
      case UDP: {
        int index = UdpFlowIds.socketIndex(id.connectionId());
        InetSocketAddress local = index < udp.length ? udp[index].boundAddress() : null;
        if (local == null || remote == null || remote.isUnresolved()
            || UdpFlowIds.of(index, remote) != id.connectionId()) {
          return null; // not the peer this id was made from
        }
        return new Flow(id, Transport.UDP, local, remote);
      }
      case TCP:
        return tcp.flow(id.connectionId());
      default:
        return null;
    }
  }

  /** The first UDP socket of the destination's address family (a wildcard IPv6 one reaches both). */
  private UdpEndpoint udpFor(InetSocketAddress destination) {
    boolean v4 = destination.getAddress() instanceof Inet4Address;
    UdpEndpoint fallback = null;
    for (UdpEndpoint endpoint : udp) {
      if (endpoint.isIpv4() == v4) {
        return endpoint;
      }
      if (fallback == null && endpoint.canReach(destination)) {
        fallback = endpoint;
      }
    }
    return fallback;
  }

  private boolean refuse(String why, Object target) {
    stats.sendFailures.increment();
    log.debug("send to {} refused: {}", target, why);
    return false;
  }

  /** This node's name, as its flow ids carry it. */
  public String node() {
    return node;
  }

  /** The listen points, in the order given. */
  public List<ListenPoint> listenPoints() {
    return listenPoints;
  }

  public TransportSettings settings() {
    return settings;
  }

  /** The counters. */
  public TransportStats stats() {
    return stats;
  }

  /** The messages by method and status code. */
  public SipTraffic traffic() {
    return traffic;
  }

  /** TCP connections open now (accepted and dialed). */
  public int openConnections() {
    return tcp.openConnections();
  }

  /** TCP connections accepted from the source of {@code address} and open now. */
  int openConnectionsFrom(InetAddress address) {
    return tcp.openFrom(address);
  }

  /** Sources with an accepted TCP connection open now. */
  int connectionSources() {
    return tcp.sources();
  }
}
