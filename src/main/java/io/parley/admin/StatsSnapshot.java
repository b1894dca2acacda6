package io.parley.admin;

import java.util.Map;

/**
 * What {@code GET /stats} shows, read from the same counters as {@code GET /metrics} at one
 * moment (each counter read separately, so two may be a message apart). Counts are since the
 * node started; gauges ({@code active}, {@code contacts}, dialogs) are now.
 *
 * @param requestsReceived SIP requests received, by method ({@code other}: an extension method)
 * @param responsesReceived responses received, by status code
 * @param responsesSent responses sent, by status code, retransmissions included
 * @param dialogs dialogs held on this node, by state label ({@code early}, {@code confirmed}, …)
 * @param parkedDialogs of the confirmed ones, those parked out of their call entities while quiet
 * @param keepalives the NAT keepalives of the bindings whose AORs this node owns
 */
public record StatsSnapshot(Map<String, Long> requestsReceived, Map<Integer, Long> responsesReceived,
    Map<Integer, Long> responsesSent, Transactions transactions, Map<String, Long> dialogs, long parkedDialogs,
    Registrations registrations, Drops drops, Auth auth, Keepalives keepalives) {

  public StatsSnapshot {
    requestsReceived = Map.copyOf(requestsReceived);
    responsesReceived = Map.copyOf(responsesReceived);
    responsesSent = Map.copyOf(responsesSent);
    dialogs = Map.copyOf(dialogs);
  }

  /**
   * @param active transaction actors running now
   * @param started transaction actors started
   * @param retransmissionsAbsorbed requests received again, absorbed by their server transaction
   * @param retransmissionsSent requests and final responses sent again on Timers A, E and G
   * @param finished transactions of finished calls waiting out their timers as a few fields
   *     ({@code io.parley.call.FinishedTransactions}), not as actors
   */
  public record Transactions(long active, long started, long retransmissionsAbsorbed, long retransmissionsSent,
      long finished) {}

  /**
   * @param registerRequests REGISTER requests received
   * @param contacts contacts bound on this node's AOR entities, running and parked
   * @param parkedContacts of those, the contacts of AORs parked in the expiry index
   */
  public record Registrations(long registerRequests, long contacts, long parkedContacts) {}

  /**
   * What was dropped or turned away rather than processed.
   *
   * @param malformedRequestsAnswered malformed requests answered 400/505/513 at the edge
   * @param malformedResponsesDropped malformed responses dropped at the edge
   * @param unanswerable malformed messages dropped that could not be answered (an ACK, no Via)
   * @param inboundDropped datagrams dropped and streams closed for their framing (over-size,
   *     garbage, bad Content-Length)
   * @param strayResponses responses whose top Via is not this node's (RFC 3261 §18.1.2)
   * @param requestsDropped requests neither answered nor passed on (ACKs of stateless answers)
   * @param floodDropped requests from sources banned by flood protection
   * @param sendFailures sends refused or failed
   * @param notTaken messages dropped while the node warmed up before it took traffic
   */
  public record Drops(long malformedRequestsAnswered, long malformedResponsesDropped, long unanswerable,
      long inboundDropped, long strayResponses, long requestsDropped, long floodDropped, long sendFailures,
      long notTaken) {}

  /**
   * @param failures digest responses that did not verify (wrong password, unknown user)
   * @param invalid other refused credentials (malformed, stale or spent nonce, wrong realm)
   * @param bans sources banned for failed authentications
   * @param droppedWhileBanned requests from those sources left unanswered
   */
  public record Auth(long failures, long invalid, long bans, long droppedWhileBanned) {}

  /**
   * @param pinged NATed bindings this node pings now (those of the AORs it owns, parked or not)
   * @param sent pings sent from this node's sockets, for itself or for another node
   * @param answered pings of this node's bindings answered (an OPTIONS's response, or a double
   *     CRLF that left through an open connection)
   * @param missed pings still unanswered when the next was due
   * @param removed bindings removed after {@code parley.nat.max-missed} misses in a row
   * @param failed pings that could not leave (flow closed, its node gone)
   * @param relayed pings handed to the node that holds the binding's flow
   */
  public record Keepalives(long pinged, long sent, long answered, long missed, long removed, long failed,
      long relayed) {}
}
