package io.parley.call;

import io.parley.message.Method;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.proxy.NonSuccessAckFactory;
import io.parley.transaction.ClientInviteTransaction;
import io.parley.transaction.ClientNonInviteTransaction;
import io.parley.transaction.Destination;
import io.parley.transaction.Inbound;
import io.parley.transaction.Packet;
import io.parley.transaction.ServerInviteTransaction;
import io.parley.transaction.ServerNonInviteTransaction;
import io.parley.transaction.TransactionActor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The transaction child actors a call entity spawns (RFC 3261 §17): each wraps its state machine,
 * sends from the actor's own thread through the node's port, and reports to the entity.
 */
final class Transactions {
  private Transactions() {}

  /**
   * The server transaction of a received request; its responses leave through the request's flow.
   *
   * @param receivedNanos when the request reached the node ({@link System#nanoTime()}): the INVITE's
   *     time to its first response counts from there
   */
  static Behavior<TransactionActor.Command<Packet>> server(CallServices services, Inbound inbound,
      ActorRef<CallEntity.Command> entity, Function<TransactionActor.Event, CallEntity.Command> events,
      long receivedNanos) {
    boolean reliable = inbound.reliable();
    boolean invite = ((SipRequest) inbound.message()).method() == Method.INVITE;
    return TransactionActor.create(
        out -> invite
            ? new ServerInviteTransaction<>(reliable, services.timers, services.inviteRules, null, out)
            : new ServerNonInviteTransaction<>(reliable, services.timers, out),
        packet -> services.port.reply(inbound, packet.bytes()),
        packet -> { }, // an ACK to a 2xx reaches the entity as a request of its own (RFC 3261 §16.7)
        entity, events, services.port.stats(), receivedNanos);
  }

  /**
   * The client transaction of one forwarded request; responses go up to the entity as
   * {@code ClientResponse}s under {@code key}.
   */
  static Behavior<TransactionActor.Command<Packet>> client(CallServices services, byte[] request, Method method,
      Destination destination, String key, ActorRef<CallEntity.Command> entity,
      Function<TransactionActor.Event, CallEntity.Command> events) {
    boolean reliable = destination.isReliable();
    Packet packet = Packet.outgoing(request);
    return TransactionActor.create(
        out -> method == Method.INVITE
            ? new ClientInviteTransaction<>(packet, reliable, services.timers, services.inviteRules, Transactions::ack, out)
            : new ClientNonInviteTransaction<>(packet, reliable, services.timers, out),
        p -> services.port.send(destination, p.bytes()),
        p -> entity.tell(new CallEntity.ClientResponse(key, (SipResponse) p.received())),
        entity, events, services.port.stats());
  }

  /** A CANCEL's client transaction (RFC 3261 §9.1); its response ends there (§16.7 item 10 note). */
  static Behavior<TransactionActor.Command<Packet>> cancel(CallServices services, byte[] cancel,
      Destination destination, ActorRef<CallEntity.Command> entity,
      Function<TransactionActor.Event, CallEntity.Command> events) {
    return TransactionActor.create(
        out -> new ClientNonInviteTransaction<>(Packet.outgoing(cancel), destination.isReliable(), services.timers, out),
        p -> services.port.send(destination, p.bytes()),
        p -> { },
        entity, events, services.port.stats());
  }

  /** RFC 3261 §17.1.1.3: the ACK the client INVITE transaction sends for a non-2xx final. */
  private static Packet ack(Packet invite, Packet response) {
    SipRequest forwarded = (SipRequest) SipParser.parse(invite.bytes(), 0, invite.bytes().length);
    return Packet.outgoing(NonSuccessAckFactory.ack(forwarded, response.received()));
  }
}
