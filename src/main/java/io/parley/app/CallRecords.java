package io.parley.app;

import io.parley.call.CallEntity;
import io.parley.call.CallHomes;
import io.parley.call.DialogRecovery;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogSettings;
import java.util.List;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.parley.accounting.AccountingSettings;
import io.parley.accounting.CdrRepository;
import io.parley.accounting.CdrWriter;
import io.parley.admin.AdminServices;
import io.parley.config.StorageSettings;
import io.parley.dialog.BatchSettings;
import io.parley.dialog.DialogEvents;
import io.parley.dialog.DialogStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node writes about its calls: the confirmed dialogs ({@link DialogStore}) and, with
 * {@code parley.accounting.enabled}, the CDRs ({@link CdrWriter}), through a pool of their own
 * so that an outage or a slow query of theirs never holds the journal's or the subscribers'
 * connections. A normal shutdown writes what is pending, waiting at most {@link #SHUTDOWN_WAIT}
 * for the database (inside the phase's 5 s), before the pool closes.
 */
final class CallRecords {
  private static final Logger log = LoggerFactory.getLogger(CallRecords.class);
  static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(3);

  final DialogStore dialogs;
  /** Null when accounting is off. */
  final CdrWriter cdrs;
  final CdrRepository repository;

  private CallRecords(DialogStore dialogs, CdrWriter cdrs, CdrRepository repository) {
    this.dialogs = dialogs;
    this.cdrs = cdrs;
    this.repository = repository;
  }

  /** Where the call entities report their dialogs: the store, and the CDR writer when accounting is on. */
  DialogEvents events() {
    return cdrs == null ? dialogs : DialogEvents.all(dialogs, cdrs);
  }

  /** The CDR writer as the call entities report to it; nothing with accounting off. */
  DialogEvents cdrEvents() {
    return cdrs == null ? DialogEvents.all() : cdrs;
  }

  static CallRecords start(ActorSystem<?> system, StorageSettings storage, AccountingSettings accounting,
      BatchSettings dialogStore, String nodeName) {
    HikariDataSource pool = pool(storage);
    DialogStore dialogs = DialogStore.start(system, dialogStore, pool);
    CdrWriter cdrs = accounting.enabled() ? CdrWriter.start(system, accounting.batch(), pool, nodeName) : null;
    CdrRepository repository = new CdrRepository(pool);
    // the CDRs written so far stay readable with accounting off
    AdminServices.get(system).provide(repository);
    var blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "call-records",
        () -> {
          CompletionStage<Done> cdrsClosed = cdrs == null ? CompletableFuture.completedFuture(Done.getInstance())
              : cdrs.close(SHUTDOWN_WAIT);
          return dialogs.close(SHUTDOWN_WAIT).thenCombineAsync(cdrsClosed, (a, b) -> Done.getInstance(), blocking)
              .thenApplyAsync(done -> {
                log.info("call records at shutdown: dialogs {}, cdrs {}", dialogs.stats(),
                    cdrs == null ? "off" : cdrs.stats());
                pool.close();
                return Done.getInstance();
              }, blocking);
        });
    log.info("accounting {}; dialog store on", accounting.enabled() ? "on" : "off (parley.accounting.enabled)");
    return new CallRecords(dialogs, cdrs, repository);
  }

  /**
   * Hands the confirmed dialogs this node held before it restarted (stored under its name) back
   * to their call entities, before the node takes SIP traffic: each entity re-arms its max
   * duration (ended at once if it has passed) and ends the call as it would have (DESIGN.md,
   * Actors). The dialogs of nodes that do not come back are the cluster leader's to hand over
   * ({@link DialogRecovery}). Blocking; on the start thread.
   */
  void resume(ActorSystem<?> system, DialogSettings settings, CallHomes homes, String nodeName) {
    if (!settings.enabled()) {
      return;
    }
    List<DialogInfo> held = dialogs.loadHeldBy(nodeName);
    ClusterSharding sharding = ClusterSharding.get(system);
    for (DialogInfo d : held) {
      sharding.entityRefFor(CallEntity.TYPE_KEY, homes.ofDialog(d.home(), d.callId())).tell(new CallEntity.Resume(d));
    }
    if (!held.isEmpty()) {
      log.info("{} confirmed dialogs resumed from the store", held.size());
    }
  }

  /**
   * A small pool: two writers and the reads of {@code GET /cdrs}. A connection is waited for at
   * most 5 s, so a writer notices an outage and backs off rather than hang on the pool.
   */
  private static HikariDataSource pool(StorageSettings storage) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("parley-call-records");
    config.setJdbcUrl(storage.jdbcUrl());
    config.setUsername(storage.user());
    config.setPassword(storage.password());
    config.setMaximumPoolSize(3);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }
}
