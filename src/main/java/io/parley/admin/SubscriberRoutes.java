package io.parley.admin;

import io.parley.auth.SubscriberId;
import io.parley.auth.SubscriberRepository;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
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
 *   <li>{@code PUT /subscribers/{aor}} with {@code {"password":"…"}}, {@code {"max_call_duration":"2h"}}
 *       or both ({@link SubscriberUpdate}) → 200 and the subscriber, or 404;</li>
 *   <li>{@code DELETE /subscribers/{aor}} → 204 or 404.</li>
 * </ul>
 *
 * <p>Bodies are JSON whatever their Content-Type (so a bare {@code curl -d} works), at most
 * 64 KiB. Errors are {@code {"error":"…"}}. HA1 values are
 * never returned. The database work runs on Pekko's dispatcher for blocking work, never on the
 * HTTP server's threads. With {@code parley.management.read-only} the writing routes answer 403;
 * with {@code parley.management.token} set they need it as a bearer token ({@link ManagementGuard}).
 *
 * <p>These routes are as powerful as write access to the subscriber table: the management
 * port must not be reachable by anyone who may not provision, or must have a token.
 */
public final class SubscriberRoutes extends ProvisioningRoutes<SubscriberProvisioning> {
  private static final Logger log = LoggerFactory.getLogger(SubscriberRoutes.class);
  /** The page size of {@code GET /subscribers} without {@code limit}. */
  public static final int DEFAULT_LIMIT = 100;

  /** Called by Pekko Management, which builds the providers named in its configuration. */
  public SubscriberRoutes(ExtendedActorSystem system) {
    super(system, "subscriber provisioning", AdminServices::subscribers);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix("subscribers", () -> concat(
        pathEndOrSingleSlash(() -> concat(
            get(() -> parameterOptional("domain", domain -> parameterOptional("limit", limit ->
                parameterOptional("offset", offset -> run(s -> list(s, domain, limit, offset)))))),
            post(() -> writing(() -> body(body -> run(s -> add(s, body))))))),
        path(PathMatchers.segment(), aor -> concat(
            get(() -> run(s -> show(s, aor))),
            put(() -> writing(() -> body(body -> run(s -> update(s, aor, body))))),
            delete(() -> writing(() -> run(s -> remove(s, aor))))))));
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

  private static HttpResponse update(SubscriberProvisioning s, String aor, String body) {
    SubscriberId id = AddressOfRecord.parse(aor);
    SubscriberUpdate change = SubscriberUpdate.fromJson(body);
    ProvisionedSubscriber changed = s.update(id, change);
    if (change.password() != null) {
      log.info("password of subscriber {} changed over HTTP", id);
    }
    if (change.setsMaxCallDuration()) {
      log.info("max call duration of subscriber {} set to {} over HTTP", id,
          change.maxCallDuration() == null ? "the default" : change.maxCallDuration());
    }
    return json(200, Json.subscriber(changed));
  }

  private static HttpResponse remove(SubscriberProvisioning s, String aor) {
    SubscriberId id = AddressOfRecord.parse(aor);
    if (!s.remove(id)) {
      return json(404, Json.error("no subscriber " + id));
    }
    log.info("subscriber {} removed over HTTP", id);
    return noContent();
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
}
