package io.parley.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.auth.SubscriberId;
import io.parley.auth.SubscriberRepository;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriber provisioning on the management HTTP server, mounted through
 * {@code pekko.management.http.routes.parley-subscribers} (reference.conf):
 *
 * <ul>
 *   <li>{@code POST /subscribers} with a {@link NewSubscriber} body → 201 and the subscriber;
 *       409 if it exists; 400 if the body, the AOR or its domain is wrong;</li>
 *   <li>{@code GET /subscribers?domain=&limit=&offset=} → 200 and a page ({@link Json#page}),
 *       {@value #DEFAULT_LIMIT} by default, at most {@link SubscriberRepository#MAX_PAGE};</li>
 *   <li>{@code GET /subscribers/{aor}} → 200 or 404;</li>
 *   <li>{@code PUT /subscribers/{aor}} with {@code {"password":"…"}} → 200 or 404;</li>
 *   <li>{@code DELETE /subscribers/{aor}} → 204 or 404.</li>
 * </ul>
 *
 * <p>Bodies are JSON whatever their Content-Type (so a bare {@code curl -d} works), at most
 * {@value #MAX_BODY} bytes. Errors are {@code {"error":"…"}}. HA1 values are never returned.
 * The database work runs on Pekko's dispatcher for blocking work, never on the HTTP server's
 * threads. When the management server is read-only
 * ({@code pekko.management.http.route-providers-read-only}), the writing routes answer 403.
 *
 * <p>These routes are as powerful as write access to the subscriber table: the management
 * port must not be reachable by anyone who may not provision.
 */
public final class SubscriberRoutes extends AllDirectives implements ManagementRouteProvider {
  private static final Logger log = LoggerFactory.getLogger(SubscriberRoutes.class);
  /** The largest request body read; a subscriber with a hundred aliases fits many times over. */
  public static final long MAX_BODY = 64 * 1024;
  /** The page size of {@code GET /subscribers} without {@code limit}. */
  public static final int DEFAULT_LIMIT = 100;

  private final ExtendedActorSystem system;
  private final Executor blocking;

  /** Called by Pekko Management, which builds the providers named in its configuration. */
  public SubscriberRoutes(ExtendedActorSystem system) {
    this.system = system;
    this.blocking = Adapter.toTyped(system).dispatchers().lookup(DispatcherSelector.blocking());
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    boolean readOnly = settings.readOnly();
    return pathPrefix("subscribers", () -> concat(
        pathEndOrSingleSlash(() -> concat(
            get(() -> parameterOptional("domain", domain -> parameterOptional("limit", limit ->
                parameterOptional("offset", offset -> run(s -> list(s, domain, limit, offset)))))),
            post(() -> writing(readOnly, () -> body(body -> run(s -> add(s, body))))))),
        path(PathMatchers.segment(), aor -> concat(
            get(() -> run(s -> show(s, aor))),
            put(() -> writing(readOnly, () -> body(body -> run(s -> changePassword(s, aor, body))))),
            delete(() -> writing(readOnly, () -> run(s -> remove(s, aor))))))));
  }

  private static HttpResponse add(SubscriberProvisioning s, String body) {
    ProvisionedSubscriber added = s.add(NewSubscriber.fromJson(body));
    log.info("subscriber {} added over HTTP, aliases {}", added.id(), added.aliases());
    return json(201, Json.subscriber(added));
  }

  private static HttpResponse list(SubscriberProvisioning s, Optional<String> domain, Optional<String> limit,
      Optional<String> offset) {
    int l = Math.min(number("limit", limit, DEFAULT_LIMIT), SubscriberRepository.MAX_PAGE);
    int o = number("offset", offset, 0);
    if (l < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    List<ProvisionedSubscriber> page = s.list(domain.filter(d -> !d.isEmpty()).orElse(null), l, o);
    return json(200, Json.page(page, l, o));
  }

  private static HttpResponse show(SubscriberProvisioning s, String aor) {
    SubscriberId id = AddressOfRecord.parse(aor);
    return s.find(id).map(p -> json(200, Json.subscriber(p)))
        .orElseGet(() -> json(404, Json.error("no subscriber " + id)));
  }

  private static HttpResponse changePassword(SubscriberProvisioning s, String aor, String body) {
    SubscriberId id = AddressOfRecord.parse(aor);
    ProvisionedSubscriber changed = s.changePassword(id, NewSubscriber.passwordFromJson(body));
    log.info("password of subscriber {} changed over HTTP", id);
    return json(200, Json.subscriber(changed));
  }

  private static HttpResponse remove(SubscriberProvisioning s, String aor) {
    SubscriberId id = AddressOfRecord.parse(aor);
    if (!s.remove(id)) {
      return json(404, Json.error("no subscriber " + id));
    }
    log.info("subscriber {} removed over HTTP", id);
    return HttpResponse.create().withStatus(204);
  }

  private Route writing(boolean readOnly, java.util.function.Supplier<Route> inner) {
    if (readOnly) {
      return complete(json(403, Json.error("the management server is read-only "
          + "(pekko.management.http.route-providers-read-only)")));
    }
    return inner.get();
  }

  private Route body(Function<String, Route> inner) {
    return withSizeLimit(MAX_BODY, () -> entity(Unmarshaller.entityToString(), inner));
  }

  /** Runs {@code work} on the blocking dispatcher and answers with what it returns or throws. */
  private Route run(Function<SubscriberProvisioning, HttpResponse> work) {
    return completeWithFuture(CompletableFuture.supplyAsync(() -> {
      Optional<SubscriberProvisioning> service = AdminServices.get(system).subscribers();
      if (service.isEmpty()) {
        return json(503, Json.error("subscriber provisioning is not running yet; try again"));
      }
      try {
        return work.apply(service.get());
      } catch (ProvisioningException e) {
        return json(e.reason().status(), Json.error(e.getMessage()));
      } catch (IllegalArgumentException e) {
        return json(400, Json.error(e.getMessage()));
      } catch (RuntimeException e) {
        log.error("subscriber provisioning failed", e);
        return json(500, Json.error("internal error (see the node's log)"));
      }
    }, blocking));
  }

  private static int number(String name, Optional<String> value, int absent) {
    if (value.isEmpty()) {
      return absent;
    }
    try {
      int n = Integer.parseInt(value.get());
      if (n < 0) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + value.get() + "'");
    }
  }

  private static HttpResponse json(int status, ObjectNode body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.bytes(body)));
  }
}
