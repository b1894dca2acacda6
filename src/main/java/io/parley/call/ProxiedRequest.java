package io.parley.call;

import io.parley.message.SipRequest;
import io.parley.proxy.PreprocessedRequest;
import io.parley.proxy.ResponseContext;
import io.parley.transaction.Inbound;
import io.parley.transaction.Packet;
import io.parley.transaction.TransactionActor;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One request this proxy handles statefully: its server transaction and, once it is forwarded,
 * the response context and branches of RFC 3261 §16.7. Owned by one call entity; not shared.
 */
final class ProxiedRequest {
  final String key;
  final Inbound inbound;
  final SipRequest request;
  final ActorRef<TransactionActor.Command<Packet>> server;
  PreprocessedRequest preprocessed;
  long hash;
  ResponseContext context;
  /** Waiting for the location service: no context yet, no final response sent. */
  boolean lookingUp;
  final Map<Integer, Branch> branches = new HashMap<>(2);
  /** Waiting for rtpengine's answer to the INVITE's offer: the branches start once it comes. */
  boolean mediaPending;
  /** The rtpengine instance the call's media goes through, or -1. */
  int mediaInstance = -1;
  /** Waiting for rtpengine's answer to a response's SDP: later responses wait in {@link #held}. */
  boolean mediaBusy;
  java.util.List<CallEntity.ClientResponse> held = new java.util.ArrayList<>(0);
  /** How its server transaction lingers once it only waits out its timer; null before. */
  io.parley.transaction.Lingering<Packet> lingering;

  ProxiedRequest(String key, Inbound inbound, ActorRef<TransactionActor.Command<Packet>> server) {
    this.key = key;
    this.inbound = inbound;
    this.request = (SipRequest) inbound.message();
    this.server = server;
  }

  /** One forwarded copy of the request (RFC 3261 §16.6): its bytes, where it went, its transaction. */
  static final class Branch {
    final int index;
    final String branchId;
    final byte[] bytes;
    /** The Request-URI it was sent with: the contact or address reached (a CDR's final URI). */
    final String targetUri;
    io.parley.transaction.Destination destination;
    ActorRef<TransactionActor.Command<Packet>> client;
    boolean cancelSent;
    /** The 2xx of this branch as it was forwarded upstream, or null. */
    byte[] forwarded2xx;

    Branch(int index, String branchId, byte[] bytes, String targetUri) {
      this.index = index;
      this.branchId = branchId;
      this.bytes = bytes;
      this.targetUri = targetUri;
    }
  }
}
