package io.parley.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.parley.auth.AuthSettings;
import io.parley.auth.DigestAuthenticator;
import io.parley.auth.DigestVerifier;
import io.parley.auth.DomainRepository;
import io.parley.auth.FailureGuard;
import io.parley.auth.NonceCountTracker;
import io.parley.auth.NonceService;
import io.parley.auth.Subscriber;
import io.parley.auth.SubscriberCache;
import io.parley.auth.SubscriberId;
import io.parley.auth.StoredSecret;
import io.parley.auth.SubscriberRepository;
import io.parley.common.ServedDomains;
import io.parley.config.StorageSettings;
import io.parley.registrar.RegisterAuthenticator;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribers a node authenticates REGISTERs and proxied requests against, and the digest
 * machinery: the subscriber and domain tables read into memory at start and again every
 * {@code parley.provisioning.refresh-interval} (the request path never touches the database;
 * between re-reads, change notices over the cluster reload single rows, {@code Node}), the
 * nonces, the nonce counts, and the bans and delays of password guessers ({@link FailureGuard}),
 * one for the registrar and the proxy.
 */
final class RegistrarAuth {
  private static final Logger log = LoggerFactory.getLogger(RegistrarAuth.class);
  /** How often the nonce counts are swept. */
  static final Duration SWEEP = Duration.ofSeconds(30);

  /** The pool Parley's own tables are read through (not the journal's). */
  final DataSource dataSource;
  final SubscriberRepository repository;
  /** The domain table, re-read into the node's served domains with each refresh. */
  final DomainRepository domains;
  final SubscriberCache cache;
  final DigestAuthenticator digest;
  final RegisterAuthenticator authenticator;
  /** The secret in force: parley.auth.secret, or the one stored in the database. */
  final String secret;
  /** Which digest-uri is accepted; told the node's own URIs once its sockets are bound. */
  final ServerDigestUri digestUris;

  private RegistrarAuth(DataSource dataSource, SubscriberRepository repository, DomainRepository domains,
      SubscriberCache cache, DigestAuthenticator digest, String secret, ServerDigestUri digestUris) {
    this.dataSource = dataSource;
    this.secret = secret;
    this.digestUris = digestUris;
    this.repository = repository;
    this.domains = domains;
    this.cache = cache;
    this.digest = digest;
    this.authenticator = new RegisterAuthenticator(digest);
  }

  /** The subscriber {@code user@domain} names, itself or through an alias (for the proxy's From check). */
  Optional<SubscriberId> resolve(String user, String domain) {
    return cache.resolve(user, domain).map(Subscriber::id);
  }

  /**
   * Loads the subscribers (blocking, once, before the sockets open) and schedules the periodic
   * re-read: the safety net for a change notice that was lost, as pub-sub delivers at most once.
   */
  static RegistrarAuth start(ActorSystem<?> system, StorageSettings storage, AuthSettings settings,
      String serverHeader, ServedDomains served, Duration refresh) {
    Clock clock = Clock.systemUTC();
    DataSource dataSource = dataSource(system, storage);
    if (!settings.hasSharedSecret()) {
      settings = settings.withSecret(new StoredSecret(dataSource, clock).loadOrCreate(StoredSecret.AUTH));
      log.info("parley.auth.secret is not set: nonces and Record-Route proofs are signed with the secret "
          + "stored in the database, which every node on it shares");
    }
    SubscriberRepository repository = new SubscriberRepository(dataSource, clock);
    DomainRepository domains = new DomainRepository(dataSource, clock);
    SubscriberCache cache = new SubscriberCache(repository);
    cache.refresh();
    served.reread(domains::list);
    NonceService nonces = NonceService.create(settings, clock);
    NonceCountTracker counts = NonceCountTracker.create(settings, clock);
    ServerDigestUri digestUris = new ServerDigestUri(DigestAuthenticator::sameUri, settings.digestUriCheck());
    DigestVerifier verifier = new DigestVerifier(nonces, counts, digestUris);
    var blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    system.scheduler().scheduleWithFixedDelay(refresh, refresh, () -> {
      try {
        cache.refresh();
        served.reread(domains::list);
      } catch (RuntimeException e) {
        log.warn("subscriber cache refresh failed, keeping the last one: {}", e.toString());
      }
    }, blocking);
    system.scheduler().scheduleWithFixedDelay(SWEEP, SWEEP, counts::sweep, blocking);
    log.info("{} subscribers loaded, serving {}", cache.size(), served.all());
    return new RegistrarAuth(dataSource, repository, domains, cache, new DigestAuthenticator(settings, nonces,
        verifier, cache, serverHeader, new FailureGuard(settings.failures(), clock)), settings.secret(), digestUris);
  }

  /**
   * A small pool: provisioning and the cache refresh are rare, but an H2 file connection costs
   * a file open and lock each time, which made every provisioning call take 0.1–0.5 s unpooled.
   * Closed when the actor system shuts down.
   */
  private static DataSource dataSource(ActorSystem<?> system, StorageSettings storage) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("parley-subscribers");
    config.setJdbcUrl(storage.jdbcUrl());
    config.setUsername(storage.user());
    config.setPassword(storage.password());
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    HikariDataSource ds = new HikariDataSource(config);
    // closing waits for connections in use: on the blocking dispatcher, before the system stops
    var blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "subscriber-pool",
        () -> CompletableFuture.supplyAsync(() -> {
          ds.close();
          return Done.getInstance();
        }, blocking));
    return ds;
  }
}
