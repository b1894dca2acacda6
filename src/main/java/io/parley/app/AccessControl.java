package io.parley.app;

import io.parley.auth.FloodGuard;
import io.parley.auth.FloodSettings;
import io.parley.auth.TrustedPeerRepository;
import io.parley.auth.TrustedPeerSettings;
import io.parley.auth.TrustedPeers;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may send what, at the node's edge: the trusted peers (the configuration's and the
 * trusted_peer table's, re-read every {@code parley.provisioning.refresh-interval} like the
 * subscribers, and on a change notice) and
 * the flood guard that counts everyone else, swept every window. Both periodic jobs run on the
 * dispatcher for blocking work, never on the receiving thread.
 */
final class AccessControl {
  private static final Logger log = LoggerFactory.getLogger(AccessControl.class);

  final TrustedPeerRepository repository;
  final TrustedPeers trusted;
  final FloodGuard flood;

  private AccessControl(TrustedPeerRepository repository, TrustedPeers trusted, FloodGuard flood) {
    this.repository = repository;
    this.trusted = trusted;
    this.flood = flood;
  }

  /** Reads the table once (blocking, before the sockets open) and schedules the refresh and the sweep. */
  static AccessControl start(ActorSystem<?> system, DataSource dataSource, TrustedPeerSettings peers,
      FloodSettings settings, Duration refresh) {
    Clock clock = Clock.systemUTC();
    TrustedPeerRepository repository = new TrustedPeerRepository(dataSource, clock);
    TrustedPeers trusted = new TrustedPeers(peers.peers(), repository::list);
    trusted.reload();
    FloodGuard flood = new FloodGuard(settings, clock, trusted::isTrusted);
    var blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    system.scheduler().scheduleWithFixedDelay(refresh, refresh, () -> {
      try {
        trusted.reload();
      } catch (RuntimeException e) {
        log.warn("trusted peers refresh failed, keeping the last list: {}", e.toString());
      }
    }, blocking);
    Duration window = settings.window();
    system.scheduler().scheduleWithFixedDelay(window, window, flood::sweep, blocking);
    if (settings.enabled()) {
      log.info("flood protection: more than {} requests from one source in {} ms bans it for {} s; {} trusted peers",
          settings.maxRequests(), window.toMillis(), settings.banTime().toSeconds(), trusted.size());
    } else {
      log.info("flood protection off (parley.flood.enabled = false); {} trusted peers", trusted.size());
    }
    return new AccessControl(repository, trusted, flood);
  }
}
