package io.parley.cluster;

import io.parley.transport.Flow;
import io.parley.transport.SipSender;
import java.util.Arrays;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor of one node that sends, through the flows this node holds, what other nodes hand it
 * (DESIGN.md, Flows): a response or request for a UA whose connection or NAT pinhole is here,
 * from a call entity that lives elsewhere. One per node, at {@link #PATH} under the system
 * guardian, so another node finds it from the node name alone ({@link FlowForwarding}).
 *
 * <p>The send is the transport's local one, on this actor's thread as an entity's own send is:
 * it returns at once. A flow that has closed here, or one of another node (a sender with a stale
 * view), is counted and logged at debug level.
 */
public final class FlowForwarder {
  private static final Logger log = LoggerFactory.getLogger(FlowForwarder.class);

  /** The actor's name under {@code /system}. */
  public static final String NAME = "flow-forwarder";
  /** Where it is on every node. */
  public static final String PATH = "/system/" + NAME;

  /** What the forwarder receives. */
  public sealed interface Command permits SendThrough {}

  /**
   * Sends {@code bytes}, a whole SIP message, through {@code flow}, which the receiving node
   * holds (RFC 3261 §18.2.2 for a response; RFC 5626 §5.3 for a request to a registered flow).
   */
  public record SendThrough(Flow flow, byte[] bytes) implements Command {
    @Override
    public boolean equals(Object o) {
      return o instanceof SendThrough s && s.flow.equals(flow) && Arrays.equals(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return 31 * flow.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "SendThrough[" + flow.id() + ", " + bytes.length + " octets]";
    }
  }

  private final SipSender sender;
  private final String node;
  private final FlowForwarding.Counters counters;

  private FlowForwarder(SipSender sender, String node, FlowForwarding.Counters counters) {
    this.sender = sender;
    this.node = node;
    this.counters = counters;
  }

  /**
   * @param sender this node's transport
   * @param node this node's name, as its flow ids carry it
   */
  static Behavior<Command> create(SipSender sender, String node, FlowForwarding.Counters counters) {
    FlowForwarder forwarder = new FlowForwarder(sender, node, counters);
    return Behaviors.receive(Command.class)
        .onMessage(SendThrough.class, forwarder::onSendThrough)
        .build();
  }

  private Behavior<Command> onSendThrough(SendThrough m) {
    counters.received.increment();
    if (!node.equals(m.flow().id().node())) {
      // never relayed again: two nodes with stale views must not bounce it between them
      counters.failed.increment();
      log.debug("flow {} handed to node {}, which does not hold it", m.flow().id(), node);
    } else if (!sender.send(m.flow(), m.bytes())) {
      counters.failed.increment();
      log.debug("send through flow {} for another node failed: closed or gone", m.flow().id());
    }
    return Behaviors.same();
  }
}
