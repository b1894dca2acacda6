package io.parley.admin;

import java.util.concurrent.CompletionStage;

/**
 * Whether this node should be sent traffic: what {@code GET /ready} adds to Pekko's cluster
 * membership check ({@link ReadinessCheck}). The node provides it in {@link AdminServices}.
 */
public interface Readiness {
  /** Completes with true when the node takes traffic; never fails (false instead). */
  CompletionStage<Boolean> ready();
}
