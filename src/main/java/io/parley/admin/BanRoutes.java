package io.parley.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.admin.ProvisioningException.Reason;
import io.parley.auth.IpNetwork;
import java.net.InetAddress;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * The bans of this node ({@link NodeBans}: flood protection's and failed authentications') on
 * the management HTTP server, mounted through {@code pekko.management.http.routes.parley-bans}
 * (reference.conf):
 *
 * <ul>
 *   <li>{@code GET /bans} → 200 and {@code {"bans":[{"address","reason","since","until",…}…]}},
 *       times in ISO 8601 UTC; reason {@code flood} with the {@code requests} that tripped it, or
 *       {@code auth} with its {@code offences} (bans in a row);</li>
 *   <li>{@code DELETE /bans/{address}} → 204, every ban of the source lifted and its requests
 *       and failures counted afresh; 404 if it is not banned; 400 if it is no IP address.</li>
 * </ul>
 *
 * <p>Bans are per node: each node counts what it receives. Errors and read-only servers as for
 * {@link SubscriberRoutes}.
 */
public final class BanRoutes extends ProvisioningRoutes<NodeBans> {

  /** Called by Pekko Management, which builds the providers named in its configuration. */
  public BanRoutes(ExtendedActorSystem system) {
    super(system, "the ban list", AdminServices::bans);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix("bans", () -> concat(
        pathEndOrSingleSlash(() -> get(() -> run(b -> json(200, bans(b.list()))))),
        path(PathMatchers.segment(), address ->
            delete(() -> writing(() -> run(g -> unban(g, address)))))));
  }

  private static HttpResponse unban(NodeBans bans, String text) {
    InetAddress address = IpNetwork.parseAddress(text);
    if (!bans.lift(address)) {
      throw new ProvisioningException(Reason.NOT_FOUND, IpNetwork.format(address) + " is not banned");
    }
    return noContent();
  }

  static ObjectNode ban(NodeBans.Ban b) {
    return Json.MAPPER.createObjectNode().put("address", IpNetwork.format(b.source()))
        .put("reason", b.reason().token).put("since", b.since().toString()).put("until", b.until().toString())
        .put(b.reason() == NodeBans.Reason.FLOOD ? "requests" : "offences", b.count());
  }

  static ObjectNode bans(List<NodeBans.Ban> bans) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode list = o.putArray("bans");
    bans.forEach(b -> list.add(ban(b)));
    return o;
  }
}
