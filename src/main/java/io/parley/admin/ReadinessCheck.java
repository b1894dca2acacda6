package io.parley.admin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * Parley's readiness check for Pekko Management's {@code GET /ready} (and so for a load
 * balancer's or Kubernetes' probe), named in {@code pekko.management.health-checks.readiness-checks}
 * (reference.conf) beside Pekko's own {@code cluster-membership} check (ready while the member is
 * Up or WeaklyUp, so not once it is leaving). It asks the node's {@link Readiness}: false until
 * the node has provided one, that is until the schema is migrated and the SIP sockets are bound.
 * Pekko Management builds it, with the actor system, and gives every check
 * {@code pekko.management.health-checks.check-timeout} (1 s) before counting it as failed.
 */
public final class ReadinessCheck implements Supplier<CompletionStage<Boolean>> {
  private final ActorSystem system;

  /** Called by Pekko Management. */
  public ReadinessCheck(ActorSystem system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Boolean> get() {
    return AdminServices.get(system).readiness().map(Readiness::ready)
        .orElseGet(() -> CompletableFuture.completedFuture(false));
  }
}
