package io.parley.admin;

import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What Pekko's health routes answer when a check fails: 503 Service Unavailable (RFC 9110
 * §15.6.4: the server cannot handle the request for now) with a JSON sentence, instead of Pekko's
 * 500, which reads as a fault of the node in an operator's alerts, with a body naming the failed
 * check's class. Load balancers and Kubernetes take any status of 400 or more as "not ready".
 */
final class HealthAnswers extends AllDirectives {
  private final Set<String> probes;

  /** @param probes the health routes' paths ({@link ManagementServer#probes}) */
  HealthAnswers(Set<String> probes) {
    this.probes = Set.copyOf(probes);
  }

  Route wrap(Route inner) {
    return extractUri(uri -> probes.contains(uri.path())
        ? mapResponse(HealthAnswers::unavailable, () -> inner)
        : inner);
  }

  private static HttpResponse unavailable(HttpResponse r) {
    if (r.status().intValue() != 500) {
      return r;
    }
    return ProvisioningRoutes.json(503, Json.error(
        "not ready: the node is starting or leaving, or its journal or cluster membership is not up"));
  }
}
