package io.parley.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.auth.TrustedPeer;
import java.util.Iterator;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusted-peer provisioning on the management HTTP server, mounted through
 * {@code pekko.management.http.routes.parley-trusted-peers} (reference.conf):
 *
 * <ul>
 *   <li>{@code GET /trusted-peers} → 200 and
 *       {@code {"trusted_peers":[{"network","description","source"}…]}}, those of
 *       {@code parley.trusted-peers} with source {@code "configuration"}, the table's with
 *       {@code "database"};</li>
 *   <li>{@code POST /trusted-peers} with {@code {"network":"192.0.2.0/24","description":"gw1"}}
 *       → 201 and the entry, its network in canonical form; 409 if it is listed already; 400
 *       if the body or the network is wrong;</li>
 *   <li>{@code DELETE /trusted-peers/{network}} → 204, the network's slash URL-encoded
 *       ({@code 192.0.2.0%2F24}) or not ({@code /trusted-peers/192.0.2.0/24}); 409 for one of
 *       {@code parley.trusted-peers}; 404 for one not in the table.</li>
 * </ul>
 *
 * <p>Errors, bodies, the blocking dispatcher and read-only servers as for
 * {@link SubscriberRoutes}. A trusted peer skips proxy authentication: these routes must not be
 * reachable by anyone who may not provision.
 */
public final class TrustedPeerRoutes extends ProvisioningRoutes<TrustedPeerProvisioning> {
  private static final Logger log = LoggerFactory.getLogger(TrustedPeerRoutes.class);

  /** Called by Pekko Management, which builds the providers named in its configuration. */
  public TrustedPeerRoutes(ExtendedActorSystem system) {
    super(system, "trusted-peer provisioning", AdminServices::trustedPeers);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix("trusted-peers", () -> concat(
        pathEndOrSingleSlash(() -> concat(
            get(() -> run(p -> json(200, peers(p.list())))),
            post(() -> writing(() -> body(body -> run(p -> add(p, body))))))),
        path(PathMatchers.segment(), network ->
            delete(() -> writing(() -> run(p -> remove(p, network))))),
        path(PathMatchers.segment().slash(PathMatchers.segment()), (address, prefix) ->
            delete(() -> writing(() -> run(p -> remove(p, address + "/" + prefix)))))));
  }

  private static HttpResponse add(TrustedPeerProvisioning p, String body) {
    JsonNode json = Json.object(body);
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!field.equals("network") && !field.equals("description")) {
        throw new IllegalArgumentException("unknown field '" + field
            + "'; the body is {\"network\":\"192.0.2.0/24\",\"description\":\"gw1\"}");
      }
    }
    JsonNode network = json.get("network");
    if (network == null || !network.isTextual()) {
      throw new IllegalArgumentException("'network' is required and must be a string, like "
          + "{\"network\":\"192.0.2.0/24\"}");
    }
    JsonNode description = json.get("description");
    if (description != null && !description.isNull() && !description.isTextual()) {
      throw new IllegalArgumentException("'description' must be a string");
    }
    TrustedPeer added = p.add(network.textValue(), description == null ? null : description.textValue());
    log.info("trusted peer {} ({}) added over HTTP", added.network(), added.description());
    return json(201, peer(added));
  }

  private static HttpResponse remove(TrustedPeerProvisioning p, String network) {
    p.remove(network);
    log.info("trusted peer {} removed over HTTP", network);
    return noContent();
  }

  static ObjectNode peer(TrustedPeer p) {
    return Json.MAPPER.createObjectNode().put("network", p.network().toString())
        .put("description", p.description()).put("source", p.source().json());
  }

  static ObjectNode peers(List<TrustedPeer> peers) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode list = o.putArray("trusted_peers");
    peers.forEach(p -> list.add(peer(p)));
    return o;
  }
}
