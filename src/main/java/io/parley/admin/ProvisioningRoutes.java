package io.parley.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the provisioning routes share: the service looked up in {@link AdminServices} per
 * request (503 until the node provided it), its blocking work run on Pekko's dispatcher for
 * blocking work (never on the HTTP server's threads), failures as {@code {"error":"…"}} with the
 * status of their {@link ProvisioningException.Reason} (400 for any other bad argument), bodies
 * read as JSON whatever their Content-Type, at most {@value #MAX_BODY} bytes, and 403 for the
 * writing routes when {@code parley.management.read-only} is set. Pekko's own read-only flag
 * ({@link ManagementRouteProviderSettings#readOnly()}) is not theirs: the node sets it from
 * {@code parley.management.cluster-write-routes}, for Pekko's cluster routes. The bearer token of
 * {@code parley.management.token} is checked in front of every route of the port
 * ({@link ManagementServer}), these included.
 *
 * @param <S> the provisioning service the routes call
 */
abstract class ProvisioningRoutes<S> extends AllDirectives implements ManagementRouteProvider {
  private static final Logger log = LoggerFactory.getLogger(ProvisioningRoutes.class);
  /** The largest request body read; a subscriber with a hundred aliases fits many times over. */
  static final long MAX_BODY = 64 * 1024;

  private final ExtendedActorSystem system;
  private final Executor blocking;
  private final Executor dispatcher;
  private final String what;
  private final Function<AdminServices, Optional<S>> service;
  private final boolean readOnly;

  /**
   * @param what the service's name in messages, e.g. {@code "subscriber provisioning"}
   * @param service where in {@link AdminServices} the node puts it
   */
  ProvisioningRoutes(ExtendedActorSystem system, String what, Function<AdminServices, Optional<S>> service) {
    this.system = system;
    this.blocking = Adapter.toTyped(system).dispatchers().lookup(DispatcherSelector.blocking());
    this.dispatcher = Adapter.toTyped(system).executionContext();
    this.what = what;
    this.service = service;
    this.readOnly = ManagementSettings.readOnly(system.settings().config());
  }

  /** {@code inner}, or 403 when {@code parley.management.read-only} is set. */
  final Route writing(Supplier<Route> inner) {
    if (readOnly) {
      return complete(json(403, Json.error("provisioning over this management server is switched off (read-only)")));
    }
    return inner.get();
  }

  /** The request body as a string, refused past {@link #MAX_BODY}. */
  final Route body(Function<String, Route> inner) {
    return withSizeLimit(MAX_BODY, () -> entity(Unmarshaller.entityToString(), inner));
  }

  /** Runs {@code work} on the blocking dispatcher and answers with what it returns or throws. */
  final Route run(Function<S, HttpResponse> work) {
    return completeWithFuture(CompletableFuture.supplyAsync(() -> {
      Optional<S> s = service.apply(AdminServices.get(system));
      if (s.isEmpty()) {
        return json(503, Json.error(what + " is not running yet; try again"));
      }
      try {
        return work.apply(s.get());
      } catch (ProvisioningException e) {
        return json(e.reason().status(), Json.error(e.getMessage()));
      } catch (IllegalArgumentException e) {
        return json(400, Json.error(e.getMessage()));
      } catch (RuntimeException e) {
        log.error("{} failed", what, e);
        return json(500, Json.error("internal error (see the node's log)"));
      }
    }, blocking));
  }

  /**
   * Runs {@code work}, which must not block, and answers with what its stage completes with. What
   * it throws at once is answered as by {@link #run}; a stage that fails for another reason than
   * bad input (an entity or the journal did not answer) is 503, logged.
   */
  final Route runAsync(Function<S, CompletionStage<HttpResponse>> work) {
    Optional<S> s = service.apply(AdminServices.get(system));
    if (s.isEmpty()) {
      return complete(json(503, Json.error(what + " is not running yet; try again")));
    }
    CompletionStage<HttpResponse> answer;
    try {
      answer = work.apply(s.get());
    } catch (RuntimeException e) {
      return complete(failure(e));
    }
    return completeWithFuture(answer.handleAsync((r, e) -> e == null ? r : failure(e), dispatcher));
  }

  private HttpResponse failure(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof ProvisioningException p) {
      return json(p.reason().status(), Json.error(p.getMessage()));
    }
    if (cause instanceof IllegalArgumentException) {
      return json(400, Json.error(cause.getMessage()));
    }
    log.warn("{} failed: {}", what, cause.toString());
    return json(503, Json.error(what + " did not answer in time; try again"));
  }

  static HttpResponse json(int status, ObjectNode body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.bytes(body)));
  }

  static HttpResponse noContent() {
    return HttpResponse.create().withStatus(204);
  }
}
