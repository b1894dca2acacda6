package io.parley.route;

import io.parley.auth.FloodGuard;
import io.parley.call.CallEntity;
import io.parley.call.FinishedTransactions;
import io.parley.call.LocalCalls;
import io.parley.call.MediaRelay;
import io.parley.call.CallHomes;
import io.parley.call.CallLoad;
import io.parley.call.CallServices;
import io.parley.call.ParkedCalls;
import io.parley.call.DialogServices;
import io.parley.common.LatencyRecorder;
import io.parley.common.ServedDomains;
import io.parley.message.SipLimits;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.proxy.AorDirectory;
import io.parley.proxy.LocalIdentity;
import io.parley.proxy.LocationLookup;
import io.parley.proxy.ProxyAuthorizer;
import io.parley.proxy.ProxySettings;
import io.parley.proxy.RequestValidation;
import io.parley.proxy.RoutePreprocessing;
import io.parley.proxy.RouteToken;
import io.parley.proxy.StatelessCore;
import io.parley.proxy.TargetResolver;
import io.parley.nat.KeepaliveAnswers;
import io.parley.nat.KeepaliveRequest;
import io.parley.registrar.RegisterAuthenticator;
import io.parley.registrar.RegisterAdmission;
import io.parley.registrar.Registrar;
import io.parley.registrar.RegistrarSettings;
import io.parley.transaction.HostResolver;
import io.parley.transaction.Inbound;
import io.parley.transaction.SipPort;
import io.parley.transaction.TimerSettings;
import io.parley.transaction.TransactionStats;
import io.parley.transport.EdgeStats;
import io.parley.transport.Flow;
import io.parley.transport.FlowRelay;
import io.parley.transport.SipEdge;
import io.parley.transport.SipListenSettings;
import io.parley.transport.SipMessageHandler;
import io.parley.transport.SipSender;
import io.parley.transport.SipTraffic;
import io.parley.transport.Transport;
import io.parley.transport.SipEventLoops;
import io.parley.transport.TransportLayer;
import io.parley.transport.TransportStats;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's SIP side: the sockets, the edge that parses and validates what they receive, and where
 * each message goes next ({@link RequestRoute}) — the server's own answers (OPTIONS to the
 * server) and REGISTER inline, everything else to the {@link CallEntity} of its Call-ID through
 * sharding; a response to the entity of its Call-ID when its top Via is ours. No thread hand-off
 * before that: on these machines one costs more than the work (pekko-versions.md).
 */
public final class SipRouter implements SipMessageHandler {
  private static final Logger log = LoggerFactory.getLogger(SipRouter.class);

  private final TransportLayer transports;
  private final SipEdge edge;
  private final LongAdder strayResponses = new LongAdder();
  private volatile KeepaliveAnswers keepaliveAnswers;
  private CallServices callServices;
  private final LongAdder droppedRequests = new LongAdder();
  /** While not null, the only sources taken (the node's warm-up); the rest is dropped. */
  private volatile Set<InetSocketAddress> onlyFrom;
  private final LongAdder notTaken = new LongAdder();
  private final HostResolver resolver = new HostResolver();
  private volatile Ready ready;
  private volatile ParkedCalls parked;
  private volatile ActorRef<?> callRegion;
  private volatile RegisterAdmission admission;
  private final CallLoad load;
  private final FloodGuard flood;

  /** What exists only once the sockets are bound and sharding is up. */
  private record Ready(LocalIdentity identity, RequestRoute route, CallHomes homes, LocalCalls local,
      FinishedTransactions finished, LocalCalls.Sharding throughSharding, RegisterEndpoint registrar,
      DelayedAnswers answers) {}

  private SipRouter(SipListenSettings settings, SipEventLoops loops, String node, CallLoad load, FloodGuard flood) {
    this.load = load;
    this.flood = flood;
    int max = settings.transport().maxMessageSize();
    SipLimits limits = new SipLimits(max, SipLimits.MAX_HEADERS, SipLimits.MAX_LINE_LENGTH);
    this.edge = new SipEdge(limits, this);
    this.transports = new TransportLayer(settings.listen(), node, edge, settings.transport(), edge.traffic(), loops);
    edge.bind(transports);
  }

  /**
   * Binds the sockets, registers the call entities with sharding and starts taking messages.
   *
   * @param authorizer the proxy's authorization, built once the node's own addresses are known
   * @param dialogs how the call entities track dialogs
   * @param beforeTraffic run once the call entities are registered, before the first message is
   *     taken: where the node hands back the dialogs it held before a restart
   */
  public static SipRouter start(ActorSystem<?> system, SipListenSettings settings, SipEventLoops loops, String node,
      ServedDomains domains, String serverHeader, TimerSettings timers, ProxySettings proxy,
      RegistrarSettings registrarSettings, RegisterAuthenticator authenticator,
      Function<LocalIdentity, ProxyAuthorizer> authorizer, AorDirectory directory, RouteToken tokens,
      CallHomes homes, RegisterAdmission admission, CallLoad load, FloodGuard flood, DialogServices dialogs, Runnable beforeTraffic, TransactionStats transactions,
      LatencyRecorder registerTimes) {
    SipRouter service = new SipRouter(settings, loops, node, load, flood);
    service.transports.start();
    service.transports.probeReceiveDelay(load.receiveDelay());
    admission.refuseWhileBehind(load::behind);
    List<InetSocketAddress> bound = new ArrayList<>();
    Map<Transport, InetSocketAddress> interfaces = new EnumMap<>(Transport.class);
    for (Transport t : Transport.values()) {
      List<InetSocketAddress> addresses = service.transports.boundAddresses(t);
      bound.addAll(addresses);
      if (!addresses.isEmpty()) {
        interfaces.put(t, addresses.get(0));
      }
    }
    LocalIdentity identity = new LocalIdentity(domains, bound);
    ClusterSharding sharding = ClusterSharding.get(system);
    ProxyAuthorizer authorization = authorizer.apply(identity);
    CallServices services = new CallServices(new SipPort(service.transports, interfaces, transactions),
        service.resolver, timers, proxy, identity, serverHeader, authorization, tokens, load, homes, dialogs,
        LocationLookup.of(system, directory));
    service.callRegion = CallEntity.init(system, services);
    service.callServices = services;
    service.parked = services.parked();
    beforeTraffic.run();
    Registrar registrar = new Registrar(registrarSettings, identity::isServedDomain, sharding, serverHeader,
        registrarSettings.authenticate() ? authenticator : null, registerTimes, admission);
    service.admission = admission;
    DelayedAnswers answers = new DelayedAnswers(service.transports, system.scheduler(), system.executionContext(),
        registrar.pendingDelays());
    RequestRoute route = new RequestRoute(identity, new StatelessCore(identity, serverHeader),
        new RequestValidation(identity, serverHeader), new RoutePreprocessing(identity, tokens), authorization,
        new TargetResolver(identity, proxy.staticRoutes()), directory, registrarSettings.authenticate(), load,
        serverHeader, callId -> services.local() != null && services.local().holds(homes.ofRequest(null, callId)));
    service.ready = new Ready(identity, route, homes, services.local(), services.finished(),
        (entityId, message) -> sharding.entityRefFor(CallEntity.TYPE_KEY, entityId).tell(message),
        new RegisterEndpoint(registrar, answers, system.executionContext()), answers);
    log.info("SIP listening on {}", bound);
    return service;
  }

  @Override
  public void onRequest(SipRequest request, Flow flow) {
    Set<InetSocketAddress> only = onlyFrom;
    if (only != null) {
      if (!only.contains(flow.remote())) {
        notTaken.increment();
        return; // warming up: the sender retransmits
      }
    } else if (!flood.admit(flow.remote().getAddress())) {
      return; // a banned source: dropped without an answer, counted by the guard
    }
    InetAddress source = flow.remote().getAddress();
    Ready r = ready;
    if (r == null) {
      return; // between bind and start: the sender retransmits
    }
    long now = System.nanoTime();
    FinishedTransactions finished = r.finished();
    if (finished != null && finished.takeRequest(request, now)) {
      return; // a retransmission for a finished call, answered without its entity (RFC 3261 §17.2)
    }
    RequestRoute.Step step = r.route().route(request, source, now);
    if (step instanceof RequestRoute.ToCall toCall) {
      r.local().deliver(r.homes().ofRequest(toCall.home(), request.routing().callId()),
          new CallEntity.RequestReceived(new Inbound(request, flow), toCall.admitted(), now), r.throughSharding());
    } else if (step instanceof RequestRoute.Answer answer) {
      r.answers().send(flow, answer.response(), answer.delay());
    } else if (step == RequestRoute.Register.INSTANCE) {
      r.registrar().onRegister(request, flow); // RFC 3261 §10.3, without transaction state
    } else {
      droppedRequests.increment();
    }
  }

  @Override
  public void onResponse(SipResponse response, Flow flow) {
    Set<InetSocketAddress> only = onlyFrom;
    if (only != null && !only.contains(flow.remote())) {
      notTaken.increment();
      return;
    }
    Ready r = ready;
    if (KeepaliveRequest.isAnswer(response)) {
      // an answer to a NAT keepalive (issue 13), sent by this node for itself or for another
      KeepaliveAnswers answers = keepaliveAnswers;
      if (answers == null || !answers.deliver(response)) {
        strayResponses.increment();
      }
      return;
    }
    // RFC 3261 §18.1.2: a response whose top Via is not ours is silently discarded (RFC 4475
    // §3.3.10: so is one with a broadcast Via further down)
    if (r == null || !r.identity().isOwnSentBy(response.routing().topVia())) {
      strayResponses.increment();
      return;
    }
    FinishedTransactions finished = r.finished();
    if (finished != null && finished.takeResponse(response, System.nanoTime())) {
      return; // a retransmission for a finished call, answered without its entity (RFC 3261 §17.1)
    }
    r.local().deliver(r.homes().ofResponse(response), new CallEntity.ResponseReceived(new Inbound(response, flow)),
        r.throughSharding());
  }

  /**
   * Takes SIP messages only from {@code sources} until {@link #takeTraffic()}: the node's
   * warm-up sends through the real sockets while every other sender is left to retransmit. The
   * warm-up's requests are not counted against their address's flood limits.
   */
  public void takeOnlyFrom(Set<InetSocketAddress> sources) {
    onlyFrom = Set.copyOf(sources);
    load.holdShedding(true); // the node's own warm-up is not refused for the delays it causes
  }

  /** Takes SIP messages from every sender (the default). */
  public void takeTraffic() {
    onlyFrom = null;
    load.holdShedding(false);
  }

  /** Messages dropped since the start because the node was not taking traffic yet. */
  public long notTaken() {
    return notTaken.sum();
  }

  /** The REGISTERs pending with AOR entities, and those refused or absorbed for it; null before the start. */
  public RegisterAdmission registerAdmission() {
    return admission;
  }

  public CallLoad callLoad() {
    return load;
  }

  /** How SIP messages reached call entities; zeros until the node has started. */
  /** The transactions of finished calls this node holds as a few fields, and what they took. */
  public FinishedTransactions.Stats finishedTransactions() {
    Ready r = ready;
    return r == null || r.finished() == null ? new FinishedTransactions.Stats(0, 0, 0, 0) : r.finished().stats();
  }

  public LocalCalls.Stats callDelivery() {
    Ready r = ready;
    return r == null || r.local() == null ? new LocalCalls.Stats(0, 0, 0, 0, 0) : r.local().stats();
  }

  /** How many confirmed calls are parked out of their entities on this node; 0 until it has started. */
  public int parkedCalls() {
    ParkedCalls p = parked;
    return p == null ? 0 : p.size();
  }

  /** The request route's counters; zeros until the node has started. */
  public RequestRoute.Stats routeStats() {
    Ready r = ready;
    return r == null ? new RequestRoute.Stats(0, 0, 0, 0, 0, 0) : r.route().stats();
  }

  /** This node's own sends: what another node's messages for a flow held here go out through. */
  public SipSender sender() {
    return transports;
  }

  /**
   * Sends a message for a flow that another node holds through {@code relay}, to that node
   * (DESIGN.md, Flows), instead of refusing it.
   */
  /** Where the answers to NAT keepalives go; until this is called they count as strays. */
  public void answerKeepalivesTo(KeepaliveAnswers answers) {
    keepaliveAnswers = answers;
  }

  /** The media of calls goes through {@code media} (parley.nat.media-relay) from now on. */
  public void relayMediaThrough(MediaRelay media) {
    callServices.relayMediaThrough(media);
  }

  public void relayOtherNodesFlowsThrough(FlowRelay relay) {
    transports.relayOtherNodesFlowsThrough(relay);
  }

  public List<InetSocketAddress> boundAddresses(Transport transport) {
    return transports.boundAddresses(transport);
  }

  public TransportStats.Snapshot transportStats() {
    return transports.stats().snapshot();
  }

  /** Requests and responses by method and status code, received and sent. */
  public SipTraffic traffic() {
    return edge.traffic();
  }

  public EdgeStats.Snapshot edgeStats() {
    return edge.stats().snapshot();
  }

  public long strayResponses() {
    return strayResponses.sum();
  }

  /** Requests neither answered nor passed on: ACKs of stateless answers, forged in-dialog ACKs. */
  public long droppedRequests() {
    return droppedRequests.sum();
  }

  public void stop() {
    transports.stop();
    resolver.close();
  }

  /** The call entities' shard region on this node. */
  public ActorRef<?> callRegion() {
    return callRegion;
  }
}
