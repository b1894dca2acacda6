package io.parley.nat;

import io.parley.transport.FlowId;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One binding of a UA behind a NAT, as its keepalives need it: what to ping (the contact, the
 * Request-URI of an OPTIONS), through which flow (RFC 5626 §3: the pinhole is the flow its
 * REGISTER came on), and which registration it is, so that a binding refreshed meanwhile is not
 * removed for pings its earlier registration missed.
 *
 * @param contact the contact URI as registered
 * @param instanceId its {@code +sip.instance}, or null
 * @param regId its reg-id, or 0
 * @param flow the flow its REGISTER came on
 * @param remote the REGISTER's source: the NAT's public address and port
 * @param cseq the CSeq of the REGISTER that last set the binding
 */
public record KeepaliveTarget(String contact, String instanceId, int regId, FlowId flow, InetSocketAddress remote,
    long cseq) {

  public KeepaliveTarget {
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(flow, "flow");
    Objects.requireNonNull(remote, "remote");
  }

  /** Whether {@code other} is the same binding (RFC 5626 §6: instance and reg-id, else the URI). */
  boolean sameBinding(KeepaliveTarget other) {
    return contact.equals(other.contact) && Objects.equals(instanceId, other.instanceId) && regId == other.regId;
  }

  /** Whether {@code other} reaches the UA the same way. */
  boolean sameWay(KeepaliveTarget other) {
    return flow.equals(other.flow) && remote.equals(other.remote);
  }
}
