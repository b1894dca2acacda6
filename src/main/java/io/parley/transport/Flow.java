package io.parley.transport;

import java.net.InetSocketAddress;

/**
 * Where a message came from and how to answer it: the flow it arrived on (RFC 5626 §3), with
 * both socket addresses. A response goes back through the flow its request came on (RFC 3261
 * §18.2.2) by handing this flow to {@link SipSender#send(Flow, byte[])}.
 *
 * @param id the flow's name, which can travel between nodes
 * @param transport the same as {@code id.transport()}
 * @param local the address of this node's socket
 * @param remote the peer's address: the packet's source, which the Via "received" and
 *     "rport" parameters record (RFC 3261 §18.2.1, RFC 3581 §4)
 */
public record Flow(FlowId id, Transport transport, InetSocketAddress local, InetSocketAddress remote) {

  public Flow {
    if (id == null || transport == null || local == null || remote == null) {
      throw new IllegalArgumentException("flow with a missing part");
    }
    if (id.transport() != transport) {
      throw new IllegalArgumentException(
          "flow " + id + " is " + id.transport() + ", not " + transport);
    }
  }
}
