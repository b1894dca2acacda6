package io.parley.nat;

import io.parley.message.SipResponse;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Takes the answers to keepalive OPTIONS off the node's response path, before any call sees them
 * ({@link KeepaliveRequest#isAnswer}), and hands each to the node whose ping it answers: this
 * one, or the node its Call-ID names (the ping went out through a flow this node holds). Called
 * on the transport's threads; thread-safe.
 */
public final class KeepaliveAnswers {
  private final ActorRef<Keepalives.Command> local;
  private final String self;
  private final KeepalivePeers peers;

  public KeepaliveAnswers(ActorRef<Keepalives.Command> local, String self, KeepalivePeers peers) {
    this.local = local;
    this.self = self;
    this.peers = peers;
  }

  /**
   * Hands on an answer to a keepalive ({@link KeepaliveRequest#isAnswer} is true for it).
   *
   * @return false when it is not of the form a ping's answer takes, or names a node that is not
   *     a member: the caller counts it as a stray response
   */
  public boolean deliver(SipResponse response) {
    KeepaliveRequest.Answer answer = KeepaliveRequest.answer(response);
    if (answer == null) {
      return false;
    }
    if (answer.pinger().equals(self)) {
      local.tell(new Keepalives.Answered(answer.id()));
      return true;
    }
    return peers.tell(answer.pinger(), new Keepalives.Answered(answer.id()));
  }
}
