package io.parley.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Served-domain provisioning on the management HTTP server, mounted through
 * {@code pekko.management.http.routes.parley-domains} (reference.conf):
 *
 * <ul>
 *   <li>{@code GET /domains} → 200 and {@code {"domains":[{"name","source"}…]}} ({@link Json#domains}),
 *       those of {@code parley.domains} with source {@code "configuration"}, the domain table's
 *       with {@code "database"};</li>
 *   <li>{@code POST /domains} with {@code {"name":"example.org"}} → 201 and the domain; 409 if it
 *       is served already; 400 if the body or the name is wrong;</li>
 *   <li>{@code DELETE /domains/{name}} → 204; 409 for a domain of {@code parley.domains}; 404 for
 *       one not in the table. The domain's subscribers stay.</li>
 * </ul>
 *
 * <p>Errors, bodies, the blocking dispatcher and read-only servers as for
 * {@link SubscriberRoutes}. The node that took the change serves (or stops serving) the domain at
 * once. Like them, these routes must not be reachable by anyone who may not provision.
 */
public final class DomainRoutes extends ProvisioningRoutes<DomainProvisioning> {
  private static final Logger log = LoggerFactory.getLogger(DomainRoutes.class);

  /** Called by Pekko Management, which builds the providers named in its configuration. */
  public DomainRoutes(ExtendedActorSystem system) {
    super(system, "domain provisioning", AdminServices::domains);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix("domains", () -> concat(
        pathEndOrSingleSlash(() -> concat(
            get(() -> run(d -> json(200, Json.domains(d.list())))),
            post(() -> writing(() -> body(body -> run(d -> add(d, body))))))),
        path(PathMatchers.segment(), name ->
            delete(() -> writing(() -> run(d -> remove(d, name)))))));
  }

  private static HttpResponse add(DomainProvisioning d, String body) {
    ServedDomain added = d.add(nameOf(body));
    log.info("domain {} added over HTTP", added.name());
    return json(201, Json.domain(added));
  }

  private static HttpResponse remove(DomainProvisioning d, String name) {
    d.remove(name);
    log.info("domain {} removed over HTTP", name);
    return noContent();
  }

  /** The {@code "name"} of a {@code POST /domains} body; other fields are refused, not ignored. */
  static String nameOf(String body) {
    JsonNode json = Json.object(body);
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!field.equals("name")) {
        throw new IllegalArgumentException("unknown field '" + field + "'; the body is {\"name\":\"example.org\"}");
      }
    }
    JsonNode name = json.get("name");
    if (name == null || !name.isTextual()) {
      throw new IllegalArgumentException("'name' is required and must be a string, like {\"name\":\"example.org\"}");
    }
    return name.textValue();
  }
}
