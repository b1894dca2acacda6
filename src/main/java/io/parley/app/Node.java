package io.parley.app;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.accounting.AccountingSettings;
import io.parley.accounting.CdrWriter;
import io.parley.admin.AdminServices;
import io.parley.admin.DomainProvisioning;
import io.parley.admin.NodeBans;
import io.parley.admin.RegistrationAdmin;
import io.parley.admin.ManagementServer;
import io.parley.admin.NodeDialogs;
import io.parley.admin.ManagementSettings;
import io.parley.admin.SubscriberProvisioning;
import io.parley.admin.TrustedPeerProvisioning;
import io.parley.auth.AuthSettings;
import io.parley.auth.FloodGuard;
import io.parley.auth.FloodSettings;
import io.parley.auth.AuthStats;
import io.parley.auth.ProvisioningChange;
import io.parley.auth.ProvisioningReloader;
import io.parley.auth.SubscriberCache;
import io.parley.auth.SubscriberRepository;
import io.parley.auth.TrustedPeerSettings;
import io.parley.auth.TrustedPeers;
import io.parley.call.CallEntity;
import io.parley.call.CallLimits;
import io.parley.call.CallLoad;
import io.parley.call.CallHomes;
import io.parley.call.DialogControl;
import io.parley.call.DialogRecovery;
import io.parley.cluster.HomeShardOpening;
import io.parley.cluster.FlowForwarder;
import io.parley.cluster.KnownHomes;
import io.parley.cluster.WireSerializer;
import io.parley.call.DialogServices;
import io.parley.cluster.CrossingMessages;
import io.parley.cluster.FlowForwarding;
import io.parley.dialog.CallCounts;
import io.parley.dialog.DialogEvents;
import io.parley.dialog.DialogSettings;
import io.parley.cluster.ChangeNotices;
import io.parley.common.ServedDomains;
import io.parley.config.ClusterSettings;
import io.parley.config.DomainSettings;
import io.parley.config.ProvisioningSettings;
import io.parley.config.StorageSettings;
import io.parley.dialog.BatchSettings;
import io.parley.dialog.DialogEvents;
import io.parley.dialog.DialogStore;
import io.parley.location.AorEntity;
import io.parley.location.AorSettings;
import io.parley.location.AorWaker;
import io.parley.nat.KeepaliveSettings;
import io.parley.nat.MediaRelaySettings;
import io.parley.nat.RtpEngine;
import io.parley.nat.RtpEngineSettings;
import io.parley.call.MediaRelay;
import io.parley.location.BindingsCache;
import io.parley.location.ParkedAors;
import io.parley.location.BindingsCacheGuard;
import io.parley.location.BindingsChanged;
import io.parley.location.RemoteAsks;
import io.parley.registrar.RegisterAdmission;
import io.parley.location.JournalAors;
import io.parley.location.LookupCacheSettings;
import io.parley.dialog.DialogRegistry;
import io.parley.location.RegisteredContacts;
import io.parley.proxy.AorDirectory;
import io.parley.proxy.ProxyAuthSettings;
import io.parley.proxy.ProxyAuthorizer;
import io.parley.proxy.ProxySettings;
import io.parley.proxy.RouteToken;
import io.parley.registrar.RegistrarSettings;
import io.parley.route.SipRouter;
import io.parley.transaction.TimerSettings;
import io.parley.transaction.TransactionStats;
import io.parley.transport.EdgeStats;
import io.parley.transport.SipEventLoops;
import io.parley.transport.SipListenSettings;
import io.parley.transport.Transport;
import io.parley.transport.TransportStartException;
import io.parley.transport.TransportStats;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.http.javadsl.model.Uri;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;

/**
 * One running Parley node: the database schema, a Pekko cluster member, the management HTTP
 * server and the SIP sockets. Settings are all read and checked before anything starts, so a
 * bad value stops the start with a message that names its key.
 */
public final class Node implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  /** The read journal that lists persistence ids for {@link AorWaker} (parley-runtime.conf). */
  private static final String READ_JOURNAL = "jdbc-read-journal";

  private final ActorSystem<ParleyGuardian.Command> system;
  private final Uri managementUri;
  private final SipRouter sip;
  private final RegistrarAuth subscribers;
  private final AccessControl access;
  private final NodeMetrics metrics;
  private final CallRecords records;
  private final DialogRegistry dialogs;
  private final ChangeNotices<ProvisioningChange> provisioningNotices;
  private final FlowForwarding flows;

  private Node(ActorSystem<ParleyGuardian.Command> system, Uri managementUri, SipRouter sip,
      RegistrarAuth subscribers, AccessControl access, NodeMetrics metrics, CallRecords records,
      DialogRegistry dialogs, ChangeNotices<ProvisioningChange> provisioningNotices, FlowForwarding flows) {
    this.flows = flows;
    this.dialogs = dialogs;
    this.provisioningNotices = provisioningNotices;
    this.system = system;
    this.managementUri = managementUri;
    this.sip = sip;
    this.subscribers = subscribers;
    this.access = access;
    this.metrics = metrics;
    this.records = records;
  }

  /** Where this node's call entities report their dialogs: the dialog store and the CDR writer. */
  DialogEvents dialogEvents() {
    return records.events();
  }

  /** The confirmed dialogs in the database (for the restart of this node's dialogs). */
  DialogStore dialogStore() {
    return records.dialogs;
  }

  /** The CDR writer, or null with {@code parley.accounting.enabled = off}. */
  CdrWriter cdrWriter() {
    return records.cdrs;
  }

  /** The trusted networks (for the proxy's decisions: no authentication, preloaded Routes allowed). */
  public TrustedPeers trustedPeers() {
    return access.trusted;
  }

  /** The per-source request limits: bans and counters. */
  public FloodGuard floodGuard() {
    return access.flood;
  }

  /** The subscriber table (blocking JDBC): for provisioning. */
  public SubscriberRepository subscriberRepository() {
    return subscribers.repository;
  }

  /** Failed digest authentications, bans, delayed and dropped answers, since start. */
  public AuthStats.Snapshot authStats() {
    return subscribers.digest.failures().stats();
  }

  /** What REGISTER authentication reads; reload a row after changing it for it to show at once. */
  public SubscriberCache subscriberCache() {
    return subscribers.cache;
  }

  /**
   * The change notices of provisioned data (subscribers, aliases, domains, trusted peers) over the
   * cluster: counters for /metrics, and how many nodes a notice reaches.
   */
  public ChangeNotices<ProvisioningChange> provisioningNotices() {
    return provisioningNotices;
  }

  public static Node start(Config config) {
    StorageSettings storage = StorageSettings.from(config);
    ClusterSettings cluster = ClusterSettings.from(config);
    DomainSettings domains = DomainSettings.from(config);
    ProvisioningSettings provisioning = ProvisioningSettings.from(config);
    SipListenSettings sipSettings = SipListenSettings.from(config);
    String serverHeader = config.getString("parley.sip.server-header");
    TimerSettings timers = TimerSettings.from(config, "parley.sip.timers");
    ProxySettings proxy = ProxySettings.from(config);
    RegistrarSettings registrar = RegistrarSettings.from(config);
    AorSettings location = AorSettings.from(config);
    KeepaliveSettings keepaliveSettings = KeepaliveSettings.from(config);
    MediaRelaySettings mediaRelay = MediaRelaySettings.from(config);
    LookupCacheSettings.from(config); // read again by BindingsCache: a bad value stops the start here
    ParkedAors.maxEntries(config); // read again by ParkedAors: the same
    AuthSettings auth = AuthSettings.from(config);
    ProxyAuthSettings proxyAuth = ProxyAuthSettings.from(config);
    CallLimits limits = CallLimits.from(config);
    FloodSettings flood = FloodSettings.from(config);
    TrustedPeerSettings trustedPeers = TrustedPeerSettings.from(config);
    ManagementSettings managementSettings = ManagementSettings.from(config);
    DialogSettings dialogSettings = DialogSettings.from(config);
    AccountingSettings accounting = AccountingSettings.from(config);
    BatchSettings dialogStore = BatchSettings.from(config, DialogStore.KEY);
    WarmUpSettings warmUpSettings = WarmUpSettings.from(config);

    var migration = DatabaseSchema.migrate(storage);
    log.info("database {} at schema version {}", storage.dialect(), migration.targetSchemaVersion);

    // the actors run on the threads that read the UDP sockets (SipEventLoops: no hand-off between them)
    SipEventLoops loops = SipEventLoops.start(sipSettings.threads());
    ActorSystem<ParleyGuardian.Command> system;
    try {
      system = ActorSystem.create(ParleyGuardian.create(), "parley", BootstrapSetup.create(config)
          .withDefaultExecutionContext(ExecutionContext.fromExecutor(loops)));
    } catch (RuntimeException e) {
      loops.stop();
      throw e;
    }
    // stopping them never blocks; the common pool outlives the system, whose threads they are
    system.getWhenTerminated().thenRunAsync(loops::stop, ForkJoinPool.commonPool());
    NodeMetrics metrics = new NodeMetrics();
    try {
      // DESIGN.md, Cluster: a node refuses to start with a crossing message type that has no binding
      CrossingMessages.requireBindings(system, CrossingTypes.ROOTS);
      AdminServices.get(system).provide(metrics.registry());
      NodeReadiness readiness = new NodeReadiness(system, READ_JOURNAL);
      AdminServices.get(system).provide(readiness);
      // not ready any more from the first phase of leaving, before the sockets close
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "not-ready", () -> {
        readiness.leaving();
        return CompletableFuture.completedFuture(Done.getInstance());
      });
      ManagementServer managementServer = ManagementServer.start(system, managementSettings).toCompletableFuture()
          .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Uri management = managementServer.uri();
      log.info("management HTTP on {}, serving {}", management, domains.domains());
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "management-http",
          managementServer::unbind);
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "metrics", () -> {
        metrics.close();
        return CompletableFuture.completedFuture(Done.getInstance());
      });
      var self = system.address();
      // what this node's flow ids carry, and how other nodes find its flow forwarder
      String nodeName = FlowForwarding.nodeName(self);
      CallRecords records = CallRecords.start(system, storage, accounting, dialogStore, nodeName);
      // the location service before the sockets: a REGISTER may arrive at once
      // NAT keepalives: fed by the AOR entities, pinging through the sockets once they are bound
      NatKeepalives keepalives = NatKeepalives.start(system, keepaliveSettings, nodeName);
      var aors = AorEntity.init(system, location, Clock.systemUTC(), keepalives);
      // the calls' lookups kept on each node; a change the others cannot see is announced
      BindingsCache bindings = BindingsCache.get(system);
      ChangeNotices<BindingsChanged> bindingNotices = ChangeNotices.start(system, BindingsChanged.class,
          "parley-bindings", notice -> bindings.forget(notice.aor()), system.executionContext());
      bindings.broadcastThrough(bindingNotices::publish);
      system.systemActorOf(BindingsCacheGuard.create(bindings), "bindings-cache-guard", Props.empty());
      // one waker per node (AorWaker: only the leader's sweeps, and it opens the AOR shards)
      system.systemActorOf(AorWaker.create(location, READ_JOURNAL, aors, keepalives), "aor-waker", Props.empty());
      // parley.domains, and the domain table re-read with the subscribers
      ServedDomains served = new ServedDomains(domains.domains());
      RegistrarAuth subscribers = RegistrarAuth.start(system, storage, auth, serverHeader, served,
          provisioning.refreshInterval());
      AccessControl access = AccessControl.start(system, subscribers.dataSource, trustedPeers, flood,
          provisioning.refreshInterval());
      // a row changed through any node is re-read by every node at once; the periodic re-read
      // above is the safety net for a lost notice
      ChangeNotices<ProvisioningChange> notices = ChangeNotices.start(system, ProvisioningChange.class,
          "parley-provisioning", new ProvisioningReloader(subscribers.cache, subscribers.domains, served,
              access.trusted), system.dispatchers().lookup(DispatcherSelector.blocking()));
      AdminServices.get(system).provide(new SubscriberProvisioning(subscribers.repository, subscribers.cache,
          served::contains, notices::publish));
      AdminServices.get(system).provide(new DomainProvisioning(subscribers.domains, served, notices::publish));
      AdminServices.get(system).provide(new TrustedPeerProvisioning(access.repository, access.trusted,
          notices::publish));
      AdminServices.get(system).provide(new NodeBans(access.flood, subscribers.digest.failures()));
      AdminServices.get(system).provide(new RegistrationAdmin(system, served::contains,
          new JournalAors(subscribers.dataSource, system.dispatchers().lookup(DispatcherSelector.blocking()))));
      DialogRegistry dialogRegistry = new DialogRegistry();
      // the store hears of a confirmed dialog once it has lasted parley.dialog.persist-after
      WarmUpCalls warmUpCalls = new WarmUpCalls(records.cdrEvents());
      DialogServices dialogs = new DialogServices(dialogSettings,
          DialogEvents.all(dialogRegistry, warmUpCalls), nodeName,
          new CallCounts(dialogSettings.maxCallsPerSubscriber(), dialogSettings.maxCallsPerDomain()),
          subscribers.cache::maxCallDuration, records.dialogs);
      // a call lives at the home of the node its first request reached (DESIGN.md, Cluster)
      CallHomes homes = new CallHomes(KnownHomes.of(system));
      AdminServices.get(system).provide(new DialogControl(system, dialogRegistry, homes));
      // answers GET /dialogs of whichever node is asked, through the Receptionist
      system.systemActorOf(NodeDialogs.create(dialogRegistry, nodeName), "node-dialogs", Props.empty());
      TransactionStats transactions = new TransactionStats(metrics.inviteFirstResponse());
      // stop taking SIP traffic first, before the node leaves the cluster; registered before the
      // sockets are bound, so a SIGTERM in the rest of the start still closes them
      AtomicReference<SipRouter> bound = new AtomicReference<>();
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "sip-sockets", () -> {
        SipRouter started = bound.get();
        if (started != null) {
          started.stop();
        }
        return CompletableFuture.completedFuture(Done.getInstance());
      });
      SipRouter sip = SipRouter.start(system, sipSettings, loops, nodeName, served, serverHeader, timers, proxy,
          registrar, registrar.authenticate() ? subscribers.authenticator : null,
          identity -> {
            // the node's own URIs are known now, before the first request is taken
            subscribers.digestUris.servedBy(identity);
            return new ProxyAuthorizer(proxyAuth, identity, subscribers.digest, subscribers::resolve,
                access.trusted::isTrusted);
          },
          AorDirectory.of(subscribers.cache), RouteToken.forSecret(subscribers.secret), homes,
          RegisterAdmission.from(config.getConfig("parley.registrar")), new CallLoad(limits),
          access.flood, dialogs, () -> records.resume(system, dialogSettings, homes, nodeName), transactions,
          metrics.registerAnswer());
      bound.set(sip);
      if (warmUpSettings.enabled()) {
        sip.takeOnlyFrom(java.util.Set.of()); // the warm-up's phones only, once they exist
      }
      keepalives.sendThrough(sip.sender());
      if (mediaRelay.enabled()) {
        RtpEngineSettings engines = mediaRelay.rtpengine();
        var engine = system.systemActorOf(RtpEngine.create(engines, new RtpEngine.Stats()), "rtpengine", Props.empty());
        // past the client's own timeouts over every instance, so the client answers first
        java.time.Duration ask = engines.timeout().multipliedBy(engines.instances().size() + 1).plusSeconds(1);
        sip.relayMediaThrough(new MediaRelay(engine, mediaRelay.mode(), ask));
        log.info("media relay {}: rtpengine {}", mediaRelay.mode().name().toLowerCase(java.util.Locale.ROOT)
            .replace('_', '-'), engines.instances());
      }
      sip.answerKeepalivesTo(keepalives.answers());
      if (dialogSettings.enabled()) {
        // the leader hands the dialogs of nodes that are gone to the cluster (as AorWaker the AORs)
        system.systemActorOf(DialogRecovery.create(records.dialogs, homes, location.wakeSettle(), location.wakeRate(),
            system.dispatchers().lookup(DispatcherSelector.blocking())), "dialog-recovery", Props.empty());
      }
      // allocated before the node says it is ready, not by the first requests of a storm
      HomeShardOpening.openWhenUp(system, sip.callRegion(), homes.own()).whenCompleteAsync((done, failure) -> {
        if (failure != null) {
          log.warn("this node's home shards were not allocated at start; each will be on its first message", failure);
        }
        readiness.homeOpened();
        if (!warmUpSettings.enabled()) {
          readiness.warmedUp();
          log.info("taking SIP traffic (no warm-up: parley.warm-up.duration = 0)");
          return;
        }
        // in a cluster only once this node is Up: its phones' registrations and calls need sharding
        new WarmUp(warmUpSettings, sip, served, subscribers.cache, warmUpCalls).run()
            .whenCompleteAsync((result, warmUpFailure) -> {
              sip.takeTraffic();
              readiness.warmedUp();
              if (warmUpFailure != null) {
                log.warn("the warm-up failed; taking SIP traffic cold", warmUpFailure);
              } else if (result == WarmUp.Result.NONE) {
                log.info("taking SIP traffic (no warm-up without a UDP listen point)");
              } else {
                log.info("warmed up in {} s: {} registrations, {} calls, {} failed rounds; taking SIP traffic",
                    String.format(java.util.Locale.ROOT, "%.1f", result.took().toMillis() / 1000.0),
                    result.registrations(), result.calls(), result.failed());
              }
            }, system.executionContext());
      }, system.executionContext());
      // a call entity here answers a UA through the node that holds its flow (DESIGN.md, Flows)
      FlowForwarding flows = FlowForwarding.start(system, sip.sender(), nodeName);
      sip.relayOtherNodesFlowsThrough(flows);
      metrics.registerTransport(sip::transportStats);
      metrics.registerEdge(sip::edgeStats);
      metrics.registerFlood(access.flood::stats);
      metrics.registerCalls(sip::routeStats, sip.callLoad(), sip::droppedRequests);
      metrics.registerCallDelivery(sip::callDelivery);
      metrics.registerFinishedTransactions(sip::finishedTransactions);
      metrics.registerTraffic(sip.traffic());
      metrics.registerStrayResponses(sip::strayResponses);
      metrics.registerNotTaken(sip::notTaken);
      metrics.registerTransactions(transactions);
      metrics.registerDialogs(dialogRegistry, sip::parkedCalls);
      metrics.registerProvisioningNotices(notices::stats);
      metrics.registerFlowForwarding(flows::stats);
      metrics.registerRegisterAdmission(sip.registerAdmission());
      var serialization = SerializationExtension.get(system.classicSystem());
      metrics.registerCrossings((WireSerializer) serialization.serializerFor(CallEntity.ResponseReceived.class),
          (WireSerializer) serialization.serializerFor(FlowForwarder.SendThrough.class), RemoteAsks.get(system));
      metrics.registerWriter("dialog_store", records.dialogs::stats);
      if (records.cdrs != null) {
        metrics.registerWriter("cdrs", records.cdrs::stats);
      }
      metrics.registerContacts(RegisteredContacts.get(system));
      metrics.registerKeepalives(keepalives.stats());
      metrics.registerLookupCache(bindings);
      metrics.registerParkedAors(ParkedAors.get(system));
      metrics.registerAuth(subscribers.digest.failures()::stats);
      metrics.registerSipThreads(loops);
      AdminServices.get(system).provideStats(new NodeStats(sip, transactions, dialogRegistry, RegisteredContacts.get(system),
          subscribers.digest.failures()::stats, access.flood::stats, keepalives.stats()));
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseClusterExitingDone(), "log-left", () -> {
        log.info("node {} left the cluster", nodeName);
        return CompletableFuture.completedFuture(Done.getInstance());
      });
      readiness.started(); // the schema was migrated before the system started; the sockets are bound
      ClusterEntry.join(system, cluster); // a member once it can serve what it is given
      return new Node(system, management, sip, subscribers, access, metrics, records, dialogRegistry, notices, flows);
    } catch (Exception e) {
      system.terminate();
      metrics.close();
      if (e instanceof TransportStartException t) {
        throw t;
      }
      throw new IllegalStateException("node failed to start: " + e.getMessage(), e);
    }
  }

  public ActorSystem<?> system() {
    return system;
  }

  public Uri managementUri() {
    return managementUri;
  }

  /** Where the SIP sockets of {@code transport} are bound (the real port where 0 was asked). */
  public List<InetSocketAddress> sipAddresses(Transport transport) {
    return sip.boundAddresses(transport);
  }

  /** The call entities this node holds, as the edge's limits see them. */
  public CallLoad callLoad() {
    return sip.callLoad();
  }

  /**
   * The node's meter registry, scraped by {@code GET /metrics}: register a component's counters
   * here (as FunctionCounters over its LongAdders, named {@code parley.…}).
   */
  public MeterRegistry meterRegistry() {
    return metrics.registry();
  }

  /**
   * The live dialogs of this node's call entities: {@code parley_dialogs_active{state}} and
   * {@code GET /stats} count them.
   */
  public DialogRegistry dialogs() {
    return dialogs;
  }

  /**
   * Messages for flows of other nodes: handed to the holding node, received from another node
   * to send through a flow held here, and failed (for /metrics).
   */
  public FlowForwarding.Stats flowForwardingStats() {
    return flows.stats();
  }

  /**
   * Messages of calls that other nodes sent here: each a crossing (DESIGN.md, Cluster;
   * {@code parley_cluster_messages_received_total{kind="call"}}).
   */
  public long callMessagesReceived() {
    try {
      return ((WireSerializer) SerializationExtension.get(system.classicSystem())
          .serializerFor(CallEntity.ResponseReceived.class)).received();
    } catch (java.io.NotSerializableException e) {
      throw new IllegalStateException("no serializer bound for the call's messages", e); // the start checks it
    }
  }

  public TransportStats.Snapshot transportStats() {
    return sip.transportStats();
  }

  public EdgeStats.Snapshot edgeStats() {
    return sip.edgeStats();
  }

  /** Leaves the cluster and stops, as SIGTERM does (the JVM hook runs coordinated shutdown). */
  @Override
  public void close() {
    try {
      CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason())
          .toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("shutdown did not finish cleanly: {}", e.toString());
    }
  }
}
