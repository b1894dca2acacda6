package io.parley.app;

import io.parley.nat.KeepaliveStats;
import io.parley.route.SipRouter;
import io.parley.admin.StatsSnapshot;
import io.parley.auth.AuthStats;
import io.parley.auth.FloodGuard;
import io.parley.dialog.DialogRegistry;
import io.parley.dialog.DialogState;
import io.parley.location.RegisteredContacts;
import io.parley.transaction.TransactionStats;
import io.parley.transport.EdgeStats;
import io.parley.transport.SipTraffic;
import io.parley.transport.TransportStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /stats} assembled from the counters {@code GET /metrics} reads, so the two never
 * disagree about what was counted.
 */
final class NodeStats implements Supplier<StatsSnapshot> {
  private final SipRouter sip;
  private final TransactionStats transactions;
  private final DialogRegistry dialogs;
  private final RegisteredContacts contacts;
  private final Supplier<AuthStats.Snapshot> auth;
  private final Supplier<FloodGuard.Stats> flood;
  private final KeepaliveStats keepalives;

  NodeStats(SipRouter sip, TransactionStats transactions, DialogRegistry dialogs, RegisteredContacts contacts,
      Supplier<AuthStats.Snapshot> auth, Supplier<FloodGuard.Stats> flood, KeepaliveStats keepalives) {
    this.keepalives = keepalives;
    this.sip = sip;
    this.transactions = transactions;
    this.dialogs = dialogs;
    this.contacts = contacts;
    this.auth = auth;
    this.flood = flood;
  }

  @Override
  public StatsSnapshot get() {
    SipTraffic.Snapshot traffic = sip.traffic().snapshot();
    TransactionStats.Snapshot t = transactions.snapshot();
    Map<String, Long> byState = new LinkedHashMap<>();
    for (DialogState state : DialogState.values()) {
      byState.put(state.label(), dialogs.count(state));
    }
    long parked = contacts.parked();
    TransportStats.Snapshot transport = sip.transportStats();
    EdgeStats.Snapshot edge = sip.edgeStats();
    AuthStats.Snapshot a = auth.get();
    KeepaliveStats.Snapshot k = keepalives.snapshot();
    return new StatsSnapshot(traffic.requestsIn(), traffic.responsesIn(), traffic.responsesOut(),
        new StatsSnapshot.Transactions(t.live(), t.started(), t.retransmissionsAbsorbed(), t.retransmissionsSent(),
            sip.finishedTransactions().transactions()),
        byState, sip.parkedCalls(),
        new StatsSnapshot.Registrations(sip.traffic().requestsReceived("REGISTER"), contacts.count(), parked),
        new StatsSnapshot.Drops(edge.requestsRejected(), edge.responsesDropped(), edge.unanswerable(),
            transport.droppedOversize() + transport.droppedGarbage() + transport.badContentLength(),
            sip.strayResponses(), sip.droppedRequests(), flood.get().dropped(), transport.sendFailures(),
            sip.notTaken()),
        new StatsSnapshot.Auth(a.failures(), a.invalid(), a.bans(), a.droppedWhileBanned()),
        new StatsSnapshot.Keepalives(k.pinged(), k.sent(), k.answered(), k.missed(), k.removed(), k.failed(),
            k.relayed()));
  }
}
