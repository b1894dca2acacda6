package io.parley.transport;

import java.net.InetSocketAddress;

/**
 * Sends SIP messages: the transport layer's port for the layers above it.
 *
 * <p>Both methods return at once and never throw because of the network: a dead peer, a closed
 * connection or a full queue makes them return {@code false} (or, for a failure found later on
 * a connection, count it in {@link TransportStats}) and log at debug level. A UDP send allocates
 * no future. Callable from any thread, including inside {@link InboundHandler#onFrame}.
 */
public interface SipSender {

  /**
   * Sends through a flow a message arrived on: over UDP from the same local socket to the
   * flow's remote address, over a stream on the same connection (RFC 3261 §18.2.2).
   *
   * <p>A flow that another node holds goes to that node, which sends through it ({@link
   * FlowRelay}), when the transport layer has been given a relay.
   *
   * @return whether the bytes were accepted for sending (or handed to the holding node): {@code
   *     false} if the flow belongs to another node that cannot be reached, the connection is
   *     gone, or the socket failed
   */
  boolean send(Flow flow, byte[] bytes);

  /**
   * Sends to an address: over UDP from the listening socket, over TCP on an open connection to
   * that address or a new one (RFC 3261 §18.1.1), the bytes waiting until it is connected.
   *
   * @return whether the bytes were accepted for sending; a connection that then fails to open
   *     is counted as a send failure
   */
  boolean send(Transport transport, InetSocketAddress destination, byte[] bytes);

  /**
   * The flow named {@code id} as this node holds it now, for sending a request through it (RFC
   * 5626 §5.3; DESIGN.md, Flows): a connection that is still open, or for UDP the listening
   * socket the id names with {@code remote} as the peer (a UDP id may be a hash of the peer's
   * address, so the peer is given). Null when another node holds it, the connection has closed
   * or the socket does not exist.
   *
   * @param remote the peer's address as the flow's messages came from it; used for UDP only
   */
  Flow flow(FlowId id, InetSocketAddress remote);
}
