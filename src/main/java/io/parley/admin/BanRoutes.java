package io.parley.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.admin.ProvisioningException.Reason;
import io.parley.auth.FloodGuard;
import io.parley.auth.IpNetwork;
import java.net.InetAddress;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * The flood bans of this node ({@link FloodGuard}) on the management HTTP server, mounted
 * through {@code pekko.management.http.routes.parley-bans} (reference.conf):
 *
 * <ul>
 *   <li>{@code GET /bans} → 200 and
 *       {@code {"bans":[{"address","since","until","requests"}…]}}, times in ISO 8601 UTC;</li>
 *   <li>{@code DELETE /bans/{address}} → 204, the source's requests are counted afresh; 404
 *       if it is not banned; 400 if it is no IP address.</li>
 * </ul>
 *
 * <p>Bans are per node: each node counts what it receives. Errors and read-only servers as for
 * {@link SubscriberRoutes}.
 */
public final class BanRoutes extends ProvisioningRoutes<FloodGuard> {

  /** Called by Pekko Management, which builds the providers named in its configuration. */
  public BanRoutes(ExtendedActorSystem system) {
    super(system, "flood protection", AdminServices::floodGuard);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix("bans", () -> concat(
        pathEndOrSingleSlash(() -> get(() -> run(g -> json(200, bans(g.bans()))))),
        path(PathMatchers.segment(), address ->
            delete(() -> writing(() -> run(g -> unban(g, address)))))));
  }

  private static HttpResponse unban(FloodGuard guard, String text) {
    InetAddress address = IpNetwork.parseAddress(text);
    if (!guard.unban(address)) {
      throw new ProvisioningException(Reason.NOT_FOUND, IpNetwork.format(address) + " is not banned");
    }
    return noContent();
  }

  static ObjectNode ban(FloodGuard.Ban b) {
    return Json.MAPPER.createObjectNode().put("address", IpNetwork.format(b.source()))
        .put("since", b.since().toString()).put("until", b.until().toString()).put("requests", b.requests());
  }

  static ObjectNode bans(List<FloodGuard.Ban> bans) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode list = o.putArray("bans");
    bans.forEach(b -> list.add(ban(b)));
    return o;
  }
}
