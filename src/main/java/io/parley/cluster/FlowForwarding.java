package io.parley.cluster;

import io.parley.transport.Flow;
import io.parley.transport.FlowRelay;
import io.parley.transport.SipSender;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages for flows that other nodes hold (DESIGN.md, Flows): a UA's connection or NAT pinhole
 * is on the node that received its messages, so a call entity elsewhere reaches the UA through
 * that node. The transport layer hands such a message here ({@link FlowRelay}); it goes to the
 * holding node's {@link FlowForwarder}, found from the node name the {@link
 * io.parley.transport.FlowId} carries ({@code host:port} of the node's cluster address), which
 * sends it through the flow.
 *
 * <p>A message for a node that is not an up (or leaving) reachable member is not sent: counted
 * as failed and logged at debug level, as the transport's own refusals are. The message crosses
 * in {@link FlowMessageSerializer}'s binary form.
 *
 * <p>Counters ({@link #stats()}): messages sent to another node's forwarder, received from
 * another node, and failed on either side.
 */
public final class FlowForwarding implements FlowRelay {
  private static final Logger log = LoggerFactory.getLogger(FlowForwarding.class);

  /** What both sides count. */
  static final class Counters {
    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder failed = new LongAdder();
  }

  /**
   * Counters since start.
   *
   * @param sent messages handed to another node for its flow
   * @param received messages another node handed to this one for one of its flows
   * @param failed messages not sent: holding node gone or unreachable here, flow closed there
   */
  public record Stats(long sent, long received, long failed) {}

  private final ActorSystem<?> system;
  private final Cluster cluster;
  private final Counters counters = new Counters();
  /** The forwarders of the nodes sent to so far, by node name. */
  private final Map<String, ActorSelection> forwarders = new ConcurrentHashMap<>();

  private FlowForwarding(ActorSystem<?> system) {
    this.system = system;
    this.cluster = Cluster.get(system);
  }

  /**
   * Starts this node's {@link FlowForwarder} and returns the relay for its transport layer.
   *
   * @param local this node's transport, which sends what other nodes hand it
   * @param node this node's name, as its flow ids carry it: {@link #nodeName(Address)}
   */
  public static FlowForwarding start(ActorSystem<?> system, SipSender local, String node) {
    FlowForwarding forwarding = new FlowForwarding(system);
    system.systemActorOf(FlowForwarder.create(local, node, forwarding.counters), FlowForwarder.NAME, Props.empty());
    return forwarding;
  }

  /** The node name flow ids carry for a node of this cluster address: {@code host:port}. */
  public static String nodeName(Address address) {
    return address.host().get() + ":" + address.port().get();
  }

  @Override
  public boolean sendThrough(Flow flow, byte[] bytes) {
    String node = flow.id().node();
    Address address = liveMember(node);
    if (address == null) {
      counters.failed.increment();
      log.debug("flow {} is held by node {}, which is not a reachable member: not sent", flow.id(), node);
      return false;
    }
    ActorSelection forwarder = forwarders.computeIfAbsent(node,
        n -> system.classicSystem().actorSelection(address + FlowForwarder.PATH));
    forwarder.tell(new FlowForwarder.SendThrough(flow, bytes), org.apache.pekko.actor.ActorRef.noSender());
    counters.sent.increment();
    return true;
  }

  private Address liveMember(String node) {
    return liveMember(cluster, node);
  }

  /**
   * The address of the member named {@code node} ({@link #nodeName}) if it is up or leaving and
   * reachable, else null.
   */
  public static Address liveMember(Cluster cluster, String node) {
    var state = cluster.state();
    for (Member m : state.getMembers()) {
      MemberStatus status = m.status();
      if ((status == MemberStatus.up() || status == MemberStatus.leaving()
          || status == MemberStatus.weaklyUp()) && node.equals(nodeName(m.address()))) {
        return state.getUnreachable().contains(m) ? null : m.address();
      }
    }
    return null;
  }

  public Stats stats() {
    return new Stats(counters.sent.sum(), counters.received.sum(), counters.failed.sum());
  }
}
