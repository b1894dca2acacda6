package io.parley.transport;

/**
 * The way to a flow that another node of the cluster holds (DESIGN.md, Flows; RFC 5626 §3): a
 * UA's connection or NAT pinhole exists on that node only, so a message for it is handed to that
 * node, which sends it through the flow as one of its own. The transport layer calls this for a
 * flow whose {@link FlowId#node()} is not its own; the cluster layer implements it.
 *
 * <p>Like {@link SipSender}, it returns at once, never blocks and never throws because of the
 * network: a holding node that is gone, or a flow that has closed there, is counted and logged
 * at debug level where it is found.
 */
public interface FlowRelay {

  /**
   * Hands {@code bytes} to the node that holds {@code flow}, to be sent through it there.
   *
   * @return whether they were handed on: {@code false} when the holding node is not a member
   *     (a failure found on the holding node is counted there)
   */
  boolean sendThrough(Flow flow, byte[] bytes);
}
