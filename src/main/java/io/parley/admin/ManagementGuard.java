package io.parley.admin;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token check in front of every route of the management port, Parley's and Pekko's alike:
 * with {@code parley.management.token} set, a request that may change state (any method but
 * GET, HEAD and OPTIONS, so an unknown one too), and with {@code token-for-reads} every request,
 * needs {@code Authorization: Bearer <token>}; without it the answer is 401 with
 * {@code WWW-Authenticate: Bearer} (RFC 6750 §3, {@code error="invalid_token"} when a wrong one
 * was sent) and a JSON error. It runs before any route, so it answers alike for a path that
 * exists and one that does not. The health probes ({@code GET /alive}, {@code /ready}) are reads
 * that never need it, whatever {@code token-for-reads} says.
 */
final class ManagementGuard extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ManagementGuard.class);
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  private static final String REALM = "parley-management";

  private final ManagementSettings settings;
  /** Paths a read may take without the token even under {@code token-for-reads}: the health probes. */
  private final Set<String> probes;

  ManagementGuard(ManagementSettings settings) {
    this(settings, Set.of());
  }

  /**
   * @param probes the paths of Pekko's health checks ({@code /alive}, {@code /ready}, …): a
   *     read of them never needs the token, so a load balancer's or Kubernetes' probe needs no
   *     secret; they tell whether the node takes traffic and nothing else
   */
  ManagementGuard(ManagementSettings settings, Set<String> probes) {
    this.settings = settings;
    this.probes = Set.copyOf(probes);
  }

  Route guard(Route inner) {
    if (settings.token().isEmpty()) {
      return inner;
    }
    ManagementToken token = settings.token().get();
    return extractRequest(request -> {
      if (!needsToken(request.method()) || isProbe(request.method(), request.getUri().path())) {
        return inner;
      }
      Optional<String> authorization = request.getHeader("Authorization").map(h -> h.value());
      if (token.accepts(authorization)) {
        return inner;
      }
      log.debug("management {} {} refused: {}", request.method().value(), request.getUri().path(),
          authorization.isEmpty() ? "no token" : "wrong token");
      return complete(unauthorized(authorization.isPresent()));
    });
  }

  boolean isProbe(HttpMethod method, String path) {
    return READS.contains(method.value()) && probes.contains(path);
  }

  boolean needsToken(HttpMethod method) {
    return settings.tokenForReads() || !READS.contains(method.value());
  }

  private static HttpResponse unauthorized(boolean offered) {
    HttpChallenge challenge = offered
        ? HttpChallenge.create("Bearer", REALM, Map.of("error", "invalid_token"))
        : HttpChallenge.create("Bearer", REALM);
    String message = offered ? "the management token sent is not this node's"
        : "this request needs the node's management token, as 'Authorization: Bearer <token>'";
    return ProvisioningRoutes.json(401, Json.error(message)).addHeader(WWWAuthenticate.create(challenge));
  }
}
