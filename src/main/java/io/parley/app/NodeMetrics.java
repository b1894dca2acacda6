package io.parley.app;

import io.parley.nat.KeepaliveStats;
import io.parley.dialog.BatchWriter;

import io.micrometer.core.instrument.FunctionCounter;
import io.parley.call.FinishedTransactions;
import io.parley.call.LocalCalls;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.parley.auth.AuthStats;
import io.parley.auth.FloodGuard;
import io.parley.call.CallLoad;
import io.parley.cluster.ChangeNotices;
import io.parley.cluster.FlowForwarding;
import io.parley.cluster.WireSerializer;
import io.parley.location.BindingsCache;
import io.parley.location.ParkedAors;
import io.parley.location.RemoteAsks;
import io.parley.registrar.RegisterAdmission;
import io.parley.common.LatencyRecorder;
import io.parley.dialog.DialogRegistry;
import io.parley.dialog.DialogState;
import io.parley.location.RegisteredContacts;
import io.parley.route.RequestRoute;
import io.parley.transaction.TransactionStats;
import io.parley.transport.EdgeStats;
import io.parley.transport.SipEventLoops;
import io.parley.transport.SipTraffic;
import io.parley.transport.TransportStats;
import org.apache.pekko.actor.typed.ActorSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The node's one meter registry, scraped by {@code GET /metrics}: the JVM's meters (heap and
 * other pools, GC pauses, threads, CPU, uptime) and Parley's counters, named {@code parley.…}
 * (Prometheus: {@code parley_…_total}). Counters stay where they are counted (LongAdders in their
 * component, e.g. {@link TransportStats}); the registry reads them through a function at each
 * scrape, so counting costs nothing more. Micrometer holds such a function's object weakly
 * (a method reference held by nothing else would be collected and its counter read NaN), so
 * this class keeps each one for as long as the node runs.
 */
final class NodeMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  /** The objects the function counters read, which Micrometer holds only weakly. */
  private final List<Object> read = new ArrayList<>();

  NodeMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The SIP transport's counters, read from {@code stats} at each scrape. */
  void registerTransport(Supplier<TransportStats.Snapshot> stats) {
    read.add(stats);
    counter("parley.sip.messages.received", "SIP messages handed to the core", stats, TransportStats.Snapshot::received);
    counter("parley.sip.messages.sent", "SIP messages written to a socket", stats, TransportStats.Snapshot::sent);
    counter("parley.sip.keepalives.received", "CRLF keepalives received (RFC 5626 §3.5.1)", stats,
        TransportStats.Snapshot::keepalives);
    counter("parley.sip.send.failures", "sends refused or failed", stats, TransportStats.Snapshot::sendFailures);
    counter("parley.sip.connections.opened", "connections accepted or connected", stats,
        TransportStats.Snapshot::connectionsOpened);
    tagged("parley.sip.connections.rejected", "connections closed at once, by the limit they were over", stats,
        "limit", "total", TransportStats.Snapshot::connectionsRejected);
    tagged("parley.sip.connections.rejected", "connections closed at once, by the limit they were over", stats,
        "limit", "per_source", TransportStats.Snapshot::connectionsRejectedPerSource);
    String closed = "parley.sip.connections.closed";
    String closedHelp = "connections the node closed, by reason";
    tagged(closed, closedHelp, stats, "reason", "idle", TransportStats.Snapshot::closedIdle);
    tagged(closed, closedHelp, stats, "reason", "message_timeout", TransportStats.Snapshot::closedMessageTimeout);
    tagged(closed, closedHelp, stats, "reason", "bad_framing", TransportStats.Snapshot::closedBadFraming);
    String dropped = "parley.sip.inbound.dropped";
    String droppedHelp = "datagrams dropped and streams closed, by cause";
    tagged(dropped, droppedHelp, stats, "cause", "oversize", TransportStats.Snapshot::droppedOversize);
    tagged(dropped, droppedHelp, stats, "cause", "garbage", TransportStats.Snapshot::droppedGarbage);
    tagged(dropped, droppedHelp, stats, "cause", "bad_content_length", TransportStats.Snapshot::badContentLength);
    String stun = "parley.sip.stun.requests";
    String stunHelp = "STUN messages on the SIP UDP sockets (RFC 5389), by what became of them";
    tagged(stun, stunHelp, stats, "result", "answered", TransportStats.Snapshot::stunAnswered);
    tagged(stun, stunHelp, stats, "result", "refused", TransportStats.Snapshot::stunRefused);
    tagged(stun, stunHelp, stats, "result", "dropped", TransportStats.Snapshot::stunDropped);
  }

  /** Flood protection's counters (in the spirit of Kamailio's pike), read from {@code stats} at each scrape. */
  void registerFlood(Supplier<FloodGuard.Stats> stats) {
    read.add(stats);
    counter("parley.flood.requests.dropped", "requests dropped from banned sources", stats, FloodGuard.Stats::dropped);
    counter("parley.flood.bans.started", "sources banned", stats, FloodGuard.Stats::bansStarted);
    counter("parley.flood.requests.untracked", "requests let through uncounted, the table of sources full", stats,
        FloodGuard.Stats::untracked);
    Gauge.builder("parley.flood.sources.tracked", stats, s -> s.get().tracked())
        .description("source addresses counted now").register(registry);
  }

  /**
   * A batch writer's counters ({@code what}: {@code cdrs} or {@code dialog_store}): rows written,
   * batches retried while the database was away, rows dropped past the buffer or refused by it or
   * given up at shutdown, and rows waiting now.
   */
  void registerWriter(String what, Supplier<BatchWriter.Stats> stats) {
    read.add(stats);
    String p = "parley." + what + ".";
    counter(p + "written", what + " rows written", stats, BatchWriter.Stats::written);
    counter(p + "retried", what + " batches retried while the database was away", stats, BatchWriter.Stats::retried);
    counter(p + "dropped", what + " rows dropped: buffer full, refused by the database, or given up at shutdown",
        stats, s -> s.dropped() + s.failed() + s.abandoned());
    Gauge.builder(p + "pending", stats, s -> s.get().pending()).description(what + " rows waiting to be written")
        .register(registry);
  }

  /** What the edge turned away, read from {@code stats} at each scrape. */
  void registerEdge(Supplier<EdgeStats.Snapshot> stats) {
    read.add(stats);
    counter("parley.sip.edge.requests.rejected", "malformed requests answered at the edge", stats,
        EdgeStats.Snapshot::requestsRejected);
    counter("parley.sip.edge.responses.dropped", "malformed responses dropped at the edge", stats,
        EdgeStats.Snapshot::responsesDropped);
    counter("parley.sip.edge.unanswerable", "malformed messages dropped that could not be answered", stats,
        EdgeStats.Snapshot::unanswerable);
  }

  /** The request route's refusals and the call limits, read at each scrape. */
  void registerCalls(Supplier<RequestRoute.Stats> route, CallLoad load, Supplier<Long> dropped) {
    read.add(route);
    read.add(load);
    read.add(dropped);
    String refused = "parley.proxy.requests.refused";
    String help = "requests the proxy refused at the edge, by why";
    tagged(refused, help, route, "why", "relay_denied", RequestRoute.Stats::relayDenied);
    tagged(refused, help, route, "why", "not_our_dialog", RequestRoute.Stats::notOurDialog);
    tagged(refused, help, route, "why", "unknown_user", RequestRoute.Stats::unknownUsers);
    tagged(refused, help, route, "why", "overload", RequestRoute.Stats::overloaded);
    counter("parley.proxy.routes.removed", "strangers' requests whose preloaded Routes were removed", route,
        RequestRoute.Stats::routesRemoved);
    counter("parley.proxy.acks.absorbed", "ACKs of stateless answers absorbed at the edge", route,
        RequestRoute.Stats::statelessAcks);
    counter("parley.sip.requests.dropped", "requests neither answered nor passed on (ACKs)", dropped, Long::longValue);
    Gauge.builder("parley.calls.live", load, CallLoad::live).description("call entities live on this node")
        .register(registry);
    Gauge.builder("parley.calls.strangers", load, CallLoad::strangers)
        .description("call entities opened by strangers").register(registry);
    Gauge.builder("parley.sip.receive.delay", load, l -> l.receiveDelay().delayNanos(System.nanoTime()) / 1e9)
        .baseUnit("seconds")
        .description("how long a datagram waits to be read now, as the UDP socket's probe measures it")
        .register(registry);
    Gauge.builder("parley.overload.share", load, l -> l.receiveDelay().share())
        .description("the share of new calls and REGISTERs taken now: 1 while the node keeps up")
        .register(registry);
  }

  /**
   * How the edge handed SIP messages to call entities: straight to one running here, or through
   * sharding ({@link io.parley.call.LocalCalls}); those that waited for their entity to open, and
   * the entries given up as stale.
   */
  void registerCallDelivery(Supplier<LocalCalls.Stats> stats) {
    read.add(stats);
    String name = "parley.calls.messages.delivered";
    String help = "SIP messages the edge handed to call entities, by way";
    tagged(name, help, stats, "way", "straight", LocalCalls.Stats::straight);
    tagged(name, help, stats, "way", "sharding", LocalCalls.Stats::throughSharding);
    counter("parley.calls.messages.waited", "SIP messages that waited for their entity to take the one before",
        stats, LocalCalls.Stats::waited);
    counter("parley.calls.entries.stale", "entries whose entity never took their first message", stats,
        LocalCalls.Stats::stale);
  }

  /**
   * Finished calls' transactions held as a few fields while their timers run ({@link
   * io.parley.call.FinishedTransactions}), and the retransmissions they answered or absorbed.
   */
  void registerFinishedTransactions(Supplier<FinishedTransactions.Stats> stats) {
    read.add(stats);
    Gauge.builder("parley.transactions.finished", stats, s -> s.get().transactions())
        .description("transactions of finished calls waiting out their timers without their actors")
        .register(registry);
    String name = "parley.transactions.finished.matched";
    String help = "retransmissions a finished call's transaction took: absorbed, or answered again (resent)";
    tagged(name, help, stats, "result", "absorbed", FinishedTransactions.Stats::absorbed);
    tagged(name, help, stats, "result", "resent", FinishedTransactions.Stats::resent);
  }

  /** Requests by method, responses by status code and direction ({@link SipTrafficCollector}). */
  void registerTraffic(SipTraffic traffic) {
    read.add(traffic);
    registry.getPrometheusRegistry().register(new SipTrafficCollector(traffic));
  }

  /**
   * Live transaction actors ({@code parley_transactions_active}, Kamailio's
   * {@code tmx:active_transactions}), those started, and retransmissions absorbed (in) and sent
   * on timers (out).
   */
  void registerTransactions(TransactionStats transactions) {
    read.add(transactions);
    Gauge.builder("parley.transactions.active", transactions, t -> t.snapshot().live())
        .description("transaction actors running now").register(registry);
    FunctionCounter.builder("parley.transactions", transactions, t -> t.snapshot().started())
        .description("transaction actors started").register(registry);
    String name = "parley.sip.retransmissions";
    FunctionCounter.builder(name, transactions, t -> t.snapshot().retransmissionsAbsorbed())
        .description("retransmissions: requests absorbed by their server transaction (in), requests and final "
            + "responses sent again on Timers A, E, G (out)")
        .tag("direction", "in").register(registry);
    FunctionCounter.builder(name, transactions, t -> t.snapshot().retransmissionsSent())
        .description("retransmissions: requests absorbed by their server transaction (in), requests and final "
            + "responses sent again on Timers A, E, G (out)")
        .tag("direction", "out").register(registry);
  }

  /** {@code parley_dialogs_active{state}}: the dialogs this node's call entities hold. */
  void registerDialogs(DialogRegistry dialogs, IntSupplier parked) {
    read.add(dialogs);
    read.add(parked);
    for (DialogState state : DialogState.values()) {
      Gauge.builder("parley.dialogs.active", dialogs, d -> d.count(state))
          .description("dialogs held on this node, by state (RFC 3261 §12)").tag("state", state.label())
          .register(registry);
    }
    Gauge.builder("parley.dialogs.parked", parked, IntSupplier::getAsInt)
        .description("confirmed dialogs kept out of their call entities while quiet (counted in active too)")
        .register(registry);
  }

  /**
   * Provisioning change notices over the cluster ({@link ChangeNotices}): sent, received, and the
   * re-reads they asked for that failed (the periodic re-read makes those good).
   */
  void registerProvisioningNotices(Supplier<ChangeNotices.Stats> stats) {
    read.add(stats);
    counter("parley.provisioning.notices.sent", "provisioning changes announced to the cluster", stats,
        ChangeNotices.Stats::sent);
    counter("parley.provisioning.notices.received", "provisioning changes heard from the cluster", stats,
        ChangeNotices.Stats::received);
    counter("parley.provisioning.reloads.failed", "re-reads of a changed row that failed", stats,
        ChangeNotices.Stats::reloadsFailed);
  }

  /**
   * Messages for flows another node holds ({@link FlowForwarding}): handed to that node, taken
   * from another node to send through a flow held here, and failed (the holder gone, the flow closed).
   */
  void registerFlowForwarding(Supplier<FlowForwarding.Stats> stats) {
    read.add(stats);
    counter("parley.flows.forwarded.sent", "messages handed to the node that holds their flow", stats,
        FlowForwarding.Stats::sent);
    counter("parley.flows.forwarded.received", "messages another node handed here to send through a flow of ours",
        stats, FlowForwarding.Stats::received);
    counter("parley.flows.forwarded.failed", "messages for another node's flow that could not be sent", stats,
        FlowForwarding.Stats::failed);
  }

  /**
   * {@code parley_cluster_messages_received_total{kind}}: messages another node sent here, each a
   * crossing (DESIGN.md, Cluster): {@code call} for a call's messages, {@code flow} for sends
   * through a flow this node holds; {@code parley_cluster_aor_asks_received_total}: AOR lookups
   * and REGISTERs of other nodes answered here. Summed over the nodes, what a call costs in
   * crossings.
   */
  void registerCrossings(WireSerializer calls, WireSerializer flows, RemoteAsks aors) {
    read.add(calls);
    read.add(flows);
    read.add(aors);
    String name = "parley.cluster.messages.received";
    String help = "messages another node sent here (crossings)";
    FunctionCounter.builder(name, calls, WireSerializer::received).description(help).tag("kind", "call")
        .register(registry);
    FunctionCounter.builder(name, flows, WireSerializer::received).description(help).tag("kind", "flow")
        .register(registry);
    FunctionCounter.builder("parley.cluster.aor.asks.received", aors, RemoteAsks::answered)
        .description("asks of AOR entities here from another node (an AOR lookup or REGISTER there): "
            + "two crossings each, the ask and its answer").register(registry);
  }

  /**
   * {@code parley_registrar_pending}, {@code parley_registrar_busy_total} and {@code
   * parley_registrar_absorbed_total}: see {@link RegisterAdmission}.
   */
  void registerRegisterAdmission(RegisterAdmission admission) {
    read.add(admission);
    Gauge.builder("parley.registrar.pending", admission, RegisterAdmission::pending)
        .description("REGISTERs with AOR entities, not answered yet").register(registry);
    FunctionCounter.builder("parley.registrar.busy", admission, RegisterAdmission::busy)
        .description("REGISTERs answered 503: max-pending were waiting").register(registry);
    FunctionCounter.builder("parley.registrar.absorbed", admission, RegisterAdmission::absorbed)
        .description("retransmissions of pending REGISTERs, absorbed").register(registry);
    FunctionCounter.builder("parley.registrar.overloaded", admission, RegisterAdmission::overloaded)
        .description("REGISTERs answered 503: the node was behind (parley.limits.max-receive-delay)")
        .register(registry);
  }

  /** {@code parley_registered_contacts}: see {@link RegisteredContacts} for what it counts. */
  /**
   * {@code parley_location_cache_lookups_total{result="hit|miss"}}, {@code
   * parley_location_cache_notices_total}, {@code parley_location_cache_dropped_total} and {@code
   * parley_location_cache_aors}: see {@link BindingsCache}.
   */
  void registerLookupCache(BindingsCache cache) {
    Supplier<BindingsCache.Stats> stats = cache::stats;
    read.add(stats);
    String name = "parley.location.cache.lookups";
    String help = "calls' AOR lookups answered from this node's cache (hit) or asked of the AOR entity (miss)";
    tagged(name, help, stats, "result", "hit", BindingsCache.Stats::hits);
    tagged(name, help, stats, "result", "miss", BindingsCache.Stats::misses);
    counter("parley.location.cache.notices", "changes of bindings heard of, from this node or another", stats,
        BindingsCache.Stats::notices);
    counter("parley.location.cache.dropped", "cached binding sets dropped because their AOR changed", stats,
        BindingsCache.Stats::dropped);
    Gauge.builder("parley.location.cache.aors", stats, s -> s.get().entries())
        .description("AORs whose bindings this node holds for its calls").register(registry);
  }

  /**
   * {@code parley_location_parked_aors} (AORs parked here with their bindings in memory), {@code
   * parley_location_parked_recoveries_total} (recoveries that started from them) and {@code
   * parley_location_parked_full_total} (AORs parked without, past the limit): see {@link ParkedAors}.
   */
  void registerParkedAors(ParkedAors parked) {
    Supplier<ParkedAors.Stats> stats = parked::stats;
    read.add(stats);
    Gauge.builder("parley.location.parked.aors", stats, s -> s.get().entries())
        .description("parked AORs whose bindings this node keeps for their next recovery").register(registry);
    counter("parley.location.parked.recoveries", "AOR recoveries that started from the bindings kept here", stats,
        ParkedAors.Stats::recovered);
    counter("parley.location.parked.full", "AORs parked without their bindings kept: parked-in-memory was reached",
        stats, ParkedAors.Stats::full);
  }

  void registerContacts(RegisteredContacts contacts) {
    read.add(contacts);
    Gauge.builder("parley.registered.contacts", contacts, RegisteredContacts::count)
        .description("contacts bound on this node's AOR entities, running and parked").register(registry);
  }

  /**
   * The NAT keepalives: {@code parley_nat_keepalives_total{outcome}} (sent, answered, missed,
   * failed, relayed), bindings removed for them, and the bindings pinged now.
   */
  void registerKeepalives(KeepaliveStats keepalives) {
    Supplier<KeepaliveStats.Snapshot> stats = keepalives::snapshot;
    read.add(stats);
    String name = "parley.nat.keepalives";
    String help = "NAT keepalive pings: sent from this node, answered, missed (unanswered when the next was due), "
        + "failed (could not leave), relayed (handed to the node holding the flow)";
    tagged(name, help, stats, "outcome", "sent", KeepaliveStats.Snapshot::sent);
    tagged(name, help, stats, "outcome", "answered", KeepaliveStats.Snapshot::answered);
    tagged(name, help, stats, "outcome", "missed", KeepaliveStats.Snapshot::missed);
    tagged(name, help, stats, "outcome", "failed", KeepaliveStats.Snapshot::failed);
    tagged(name, help, stats, "outcome", "relayed", KeepaliveStats.Snapshot::relayed);
    counter("parley.nat.keepalive.removed", "bindings removed after parley.nat.max-missed unanswered pings in a row",
        stats, KeepaliveStats.Snapshot::removed);
    Gauge.builder("parley.nat.keepalive.bindings", keepalives, k -> k.snapshot().pinged())
        .description("NATed bindings this node pings (of the AORs it owns)").register(registry);
  }

  /** Failed digest authentications and what followed them, read from {@code stats} at each scrape. */
  void registerAuth(Supplier<AuthStats.Snapshot> stats) {
    read.add(stats);
    String name = "parley.auth.failures";
    String help = "refused digest credentials: wrong password or unknown user (failed), other bad credentials (invalid)";
    tagged(name, help, stats, "reason", "failed", AuthStats.Snapshot::failures);
    tagged(name, help, stats, "reason", "invalid", AuthStats.Snapshot::invalid);
    counter("parley.auth.bans", "sources banned for failed authentications", stats, AuthStats.Snapshot::bans);
    counter("parley.auth.requests.dropped", "requests from sources banned for failed authentications, unanswered",
        stats, AuthStats.Snapshot::droppedWhileBanned);
  }

  /** Responses dropped because their top Via is not ours (RFC 3261 §18.1.2). */
  void registerStrayResponses(Supplier<Long> stray) {
    read.add(stray);
    counter("parley.sip.responses.stray", "responses dropped whose top Via is not this node's (RFC 3261 §18.1.2)",
        stray, Long::longValue);
  }

  void registerNotTaken(Supplier<Long> notTaken) {
    read.add(notTaken);
    counter("parley.sip.messages.not.taken", "messages dropped while the node warmed up (parley.warm-up)",
        notTaken, Long::longValue);
  }

  /**
   * The SIP threads ({@link SipEventLoops}: they read the UDP sockets and run the actors, as
   * Pekko's default dispatcher): {@code parley_sip_threads} and {@code parley_sip_tasks_pending},
   * the tasks waiting on them, which grows when they fall behind.
   */
  void registerSipThreads(SipEventLoops loops) {
    read.add(loops);
    Gauge.builder("parley.sip.threads", loops, SipEventLoops::threads)
        .description("threads that read the UDP sockets and run the actors (parley.sip.threads)")
        .register(registry);
    Gauge.builder("parley.sip.tasks.pending", loops, SipEventLoops::pendingTasks)
        .description("tasks waiting on the SIP threads: actor messages and timers' work")
        .register(registry);
  }

  /**
   * The time from an INVITE's arrival at the node to its server transaction's first response sent upstream
   * ({@code parley_invite_first_response_seconds}), as a histogram.
   */
  LatencyRecorder inviteFirstResponse() {
    return recorder(Timer.builder("parley.invite.first.response")
        .description("INVITE received by the node to the first response sent upstream (100 Trying included)"));
  }

  /** The time from a REGISTER taken to its final response handed to the transport ({@code parley_register_seconds}). */
  LatencyRecorder registerAnswer() {
    return recorder(Timer.builder("parley.register")
        .description("REGISTER received to its final response sent (a deliberate delay for a guessed password excluded)"));
  }

  /** Registered with fixed buckets from 0.5 ms to 10 s: a Prometheus histogram, so quantiles aggregate across nodes. */
  private LatencyRecorder recorder(Timer.Builder builder) {
    Timer timer = builder.serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    read.add(timer);
    return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
    Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
    Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  private <T> void tagged(String name, String help, Supplier<T> stats, String tag, String value,
      ToLongFunction<T> count) {
    FunctionCounter.builder(name, stats, s -> count.applyAsLong(s.get())).description(help).tag(tag, value)
        .register(registry);
  }

  private <T> void counter(String name, String help, Supplier<T> stats, ToLongFunction<T> value) {
    FunctionCounter.builder(name, stats, s -> value.applyAsLong(s.get())).description(help).register(registry);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
