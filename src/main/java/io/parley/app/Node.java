package io.parley.app;

import com.typesafe.config.Config;
import io.parley.config.ClusterSettings;
import io.parley.config.DomainSettings;
import io.parley.config.StorageSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Parley node: the database schema, a Pekko cluster member, the management HTTP
 * server and the SIP sockets. Settings are all read and checked before anything starts, so a
 * bad value stops the start with a message that names its key.
 */
public final class Node implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final ActorSystem<ParleyGuardian.Command> system;
  private final Uri managementUri;

  private Node(ActorSystem<ParleyGuardian.Command> system, Uri managementUri) {
    this.system = system;
    this.managementUri = managementUri;
  }

  public static Node start(Config config) {
    StorageSettings storage = StorageSettings.from(config);
    ClusterSettings cluster = ClusterSettings.from(config);
    DomainSettings domains = DomainSettings.from(config);

    var migration = DatabaseSchema.migrate(storage);
    log.info("database {} at schema version {}", storage.dialect(), migration.targetSchemaVersion);

    ActorSystem<ParleyGuardian.Command> system = ActorSystem.create(ParleyGuardian.create(cluster), "parley", config);
    try {
      Uri management = PekkoManagement.get(system).start().toCompletableFuture()
          .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      log.info("management HTTP on {}, serving {}", management, domains.domains());
      return new Node(system, management);
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("node failed to start: " + e.getMessage(), e);
    }
  }

  public ActorSystem<?> system() {
    return system;
  }

  public Uri managementUri() {
    return managementUri;
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
