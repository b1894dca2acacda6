package io.parley.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.accounting.CdrRepository;
import io.parley.call.DialogControl;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * Where the node hands the management routes what they work on. Pekko Management builds its
 * route providers itself, from class names in {@code pekko.management.http.routes}, with nothing
 * but the actor system; the node's start registers its services here, and the routes look them
 * up per request (so they answer 503, not fail, while the node is still starting).
 */
public final class AdminServices implements Extension {
  private static final Id ID = new Id();

  private volatile SubscriberProvisioning subscribers;
  private volatile DomainProvisioning domains;
  private volatile PrometheusMeterRegistry metrics;
  private volatile TrustedPeerProvisioning trustedPeers;
  private volatile NodeBans bans;
  private volatile DialogControl dialogs;
  private volatile CdrRepository cdrs;
  private volatile RegistrationAdmin registrations;
  private volatile Readiness readiness;
  private volatile Supplier<StatsSnapshot> stats;

  private AdminServices() {}

  public static AdminServices get(ClassicActorSystemProvider system) {
    return ID.get(system.classicSystem());
  }

  /** Makes subscriber provisioning available to {@link SubscriberRoutes}. */
  public void provide(SubscriberProvisioning subscribers) {
    this.subscribers = Objects.requireNonNull(subscribers, "subscribers");
  }

  public Optional<SubscriberProvisioning> subscribers() {
    return Optional.ofNullable(subscribers);
  }

  /** Makes domain provisioning available to {@link DomainRoutes}. */
  public void provide(DomainProvisioning domains) {
    this.domains = Objects.requireNonNull(domains, "domains");
  }

  public Optional<DomainProvisioning> domains() {
    return Optional.ofNullable(domains);
  }

  /** Makes the node's meters available to {@link MetricsRoutes}. */
  public void provide(PrometheusMeterRegistry metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  public Optional<PrometheusMeterRegistry> metrics() {
    return Optional.ofNullable(metrics);
  }

  /** Makes trusted-peer provisioning available to {@link TrustedPeerRoutes}. */
  public void provide(TrustedPeerProvisioning trustedPeers) {
    this.trustedPeers = Objects.requireNonNull(trustedPeers, "trustedPeers");
  }

  public Optional<TrustedPeerProvisioning> trustedPeers() {
    return Optional.ofNullable(trustedPeers);
  }

  /** Makes the node's bans available to {@link BanRoutes}. */
  public void provide(NodeBans bans) {
    this.bans = Objects.requireNonNull(bans, "bans");
  }

  public Optional<NodeBans> bans() {
    return Optional.ofNullable(bans);
  }

  /** Makes the node's dialogs available to {@link DialogRoutes}. */
  public void provide(DialogControl dialogs) {
    this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
  }

  public Optional<DialogControl> dialogs() {
    return Optional.ofNullable(dialogs);
  }

  /** Makes the CDRs available to {@link CdrRoutes}. */
  public void provide(CdrRepository cdrs) {
    this.cdrs = Objects.requireNonNull(cdrs, "cdrs");
  }

  public Optional<CdrRepository> cdrs() {
    return Optional.ofNullable(cdrs);
  }

  /** Makes the location service available to {@link RegistrationRoutes}. */
  public void provide(RegistrationAdmin registrations) {
    this.registrations = Objects.requireNonNull(registrations, "registrations");
  }

  public Optional<RegistrationAdmin> registrations() {
    return Optional.ofNullable(registrations);
  }

  /** Makes the node's readiness available to {@link ReadinessCheck} ({@code GET /ready}). */
  public void provide(Readiness readiness) {
    this.readiness = Objects.requireNonNull(readiness, "readiness");
  }

  public Optional<Readiness> readiness() {
    return Optional.ofNullable(readiness);
  }

  /** Makes the node's counters available to {@link StatsRoutes} ({@code GET /stats}). */
  public void provideStats(Supplier<StatsSnapshot> stats) {
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  public Optional<Supplier<StatsSnapshot>> stats() {
    return Optional.ofNullable(stats);
  }

  private static final class Id extends AbstractExtensionId<AdminServices> {
    @Override
    public AdminServices createExtension(ExtendedActorSystem system) {
      return new AdminServices();
    }
  }
}
