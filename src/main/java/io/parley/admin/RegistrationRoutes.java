package io.parley.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The location service on the management HTTP server, mounted through {@code
 * pekko.management.http.routes.parley-registrations} (reference.conf):
 *
 * <ul>
 *   <li>{@code GET /registrations/{aor}} → 200 and the AOR's bindings ({@link RegistrationJson});
 *       404 with the same body, its bindings empty, when it has none; 404 when its domain is not
 *       served here; 400 when it is no AOR;</li>
 *   <li>{@code GET /registrations?domain=&limit=&after=} → 200 and a page ({@link
 *       RegistrationJson#page}) of the AORs with bindings among the next {@code limit} (default
 *       {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) AOR ids after {@code after}, every
 *       domain when {@code domain} is absent; pass {@code next} as {@code after} for the next page
 *       until it is null ({@link RegistrationAdmin}: what a page costs);</li>
 *   <li>{@code DELETE /registrations/{aor}} → 204, every binding removed; {@code
 *       ?contact=sip:…} removes only the binding with that contact (RFC 3261 §19.1.4 URI
 *       equivalence); 404 when there was nothing to remove. Written to the journal, so it holds
 *       after a restart; the phone's next REGISTER binds it again.</li>
 * </ul>
 *
 * <p>Errors, the token and read-only servers as for {@link SubscriberRoutes}: DELETE needs the
 * management token when one is set.
 */
public final class RegistrationRoutes extends ProvisioningRoutes<RegistrationAdmin> {
  private static final Logger log = LoggerFactory.getLogger(RegistrationRoutes.class);
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1_000;
  /** The longest contact or cursor read from a query: a Contact URI is at most 16 KB stored. */
  static final int MAX_PARAMETER = 16 * 1024;

  private final Executor executor;

  /** Called by Pekko Management, which builds the providers named in its configuration. */
  public RegistrationRoutes(ExtendedActorSystem system) {
    super(system, "the location service", AdminServices::registrations);
    this.executor = Adapter.toTyped(system).executionContext();
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix("registrations", () -> concat(
        pathEndOrSingleSlash(() -> get(() -> parameterOptional("domain", domain ->
            parameterOptional("limit", limit -> parameterOptional("after", after ->
                runAsync(r -> list(r, domain, limit, after))))))),
        path(PathMatchers.segment(), aor -> concat(
            get(() -> runAsync(r -> show(r, aor))),
            delete(() -> writing(() -> parameterOptional("contact", contact ->
                runAsync(r -> remove(r, aor, contact)))))))));
  }

  private CompletionStage<HttpResponse> show(RegistrationAdmin r, String text) {
    String aor = r.aor(text);
    return r.show(aor).thenApplyAsync(reg -> {
      ObjectNode body = RegistrationJson.registration(reg, System.currentTimeMillis());
      return reg.bindings().isEmpty() ? json(404, body.put("error", aor + " is not registered")) : json(200, body);
    }, executor);
  }

  private CompletionStage<HttpResponse> list(RegistrationAdmin r, Optional<String> domain, Optional<String> limit,
      Optional<String> after) {
    String d = domain.filter(s -> !s.isEmpty()).map(r::domain).orElse(null);
    int l = limit.map(RegistrationRoutes::limit).orElse(DEFAULT_LIMIT);
    String a = after.filter(s -> !s.isEmpty()).map(s -> bounded("after", s)).orElse(null);
    return r.list(d, a, l).thenApplyAsync(page ->
        json(200, RegistrationJson.page(page.registrations(), l, page.next(), System.currentTimeMillis())), executor);
  }

  private CompletionStage<HttpResponse> remove(RegistrationAdmin r, String text, Optional<String> contactParam) {
    String aor = r.aor(text);
    String contact = contactParam.map(c -> contact(bounded("contact", c))).orElse(null);
    return r.remove(aor, contact).thenApplyAsync(removed -> {
      if (removed == 0) {
        return json(404, Json.error(contact == null ? aor + " is not registered"
            : aor + " has no binding with contact " + contact));
      }
      log.info("{} binding(s) of {} removed over HTTP{}", removed, aor, contact == null ? "" : " (" + contact + ")");
      return noContent();
    }, executor);
  }

  static int limit(String text) {
    int n;
    try {
      n = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a whole number, not '" + abbreviated(text) + "'");
    }
    if (n < 1 || n > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + n);
    }
    return n;
  }

  /** A contact as an operator may paste it, {@code <sip:…>} or {@code sip:…}: the URI. */
  static String contact(String text) {
    String c = text.strip();
    if (c.startsWith("<") && c.endsWith(">")) {
      c = c.substring(1, c.length() - 1).strip();
    }
    int colon = c.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("contact '" + abbreviated(text) + "' is not a URI, like sip:alice@192.0.2.1");
    }
    return c;
  }

  private static String bounded(String name, String value) {
    if (value.length() > MAX_PARAMETER) {
      throw new IllegalArgumentException(name + " is longer than " + MAX_PARAMETER + " characters");
    }
    return value;
  }

  private static String abbreviated(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
