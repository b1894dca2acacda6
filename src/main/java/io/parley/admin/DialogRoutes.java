package io.parley.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.admin.ProvisioningException.Reason;
import io.parley.call.CallEntity;
import io.parley.call.DialogControl;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogLeg;
import io.parley.dialog.DialogState;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * The live dialogs of the cluster on the management HTTP server of any node, mounted through
 * {@code pekko.management.http.routes.parley-dialogs} (reference.conf):
 *
 * <ul>
 *   <li>{@code GET /dialogs[?state=&caller=&callee=&domain=&limit=&offset=]} → 200 and
 *       {@code {"dialogs":[…],"total":…,"limit":…,"offset":…,"nodes":[…],"missing":[…]}}, newest
 *       first; {@code caller} and {@code callee} match a part of the From or To URI, {@code domain}
 *       the host of either, {@code state} is early or confirmed. Every node lists what it holds
 *       ({@link NodeDialogs}); {@code nodes} names those that answered within
 *       {@link ClusterDialogs#TIMEOUT}, {@code missing} the members that did not, whose dialogs
 *       are left out rather than the answer failing. {@code offset + limit} is at most
 *       {@value #MAX_REACH}: every node sends its newest {@code offset + limit};</li>
 *   <li>{@code GET /dialogs/{callId}} → 200 and the dialog, from whichever node holds it: both
 *       legs (URI, tag, remote target, route set, CSeq, flow), the original and final Request-URI,
 *       setup, answer and deadline times, the session interval and expiry when the ends use
 *       session timers (RFC 4028), and the node that holds it; 404 if no node that
 *       answered holds it (the message names those that did not);</li>
 *   <li>{@code DELETE /dialogs/{callId}} → 200 and the dialog as it ended: its call entity,
 *       reached through sharding wherever it lives, sends BYE to both parties and the CDR records
 *       "operator"; 409 for a call not answered yet; 404 if there is none.</li>
 * </ul>
 *
 * <p>Times are ISO 8601 UTC. Errors and read-only servers as for {@link SubscriberRoutes}.
 */
public final class DialogRoutes extends ProvisioningRoutes<DialogControl> {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  /** How deep a cluster-wide listing reaches: the most dialogs one node sends for one page. */
  static final int MAX_REACH = 10_000;

  private final ClusterDialogs cluster;
  private final Executor executor;

  /** Called by Pekko Management, which builds the providers named in its configuration. */
  public DialogRoutes(ExtendedActorSystem system) {
    super(system, "the dialog list", AdminServices::dialogs);
    this.cluster = new ClusterDialogs(Adapter.toTyped(system));
    this.executor = Adapter.toTyped(system).executionContext();
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix("dialogs", () -> concat(
        pathEndOrSingleSlash(() -> get(() -> parameterMap(q -> runAsync(d -> list(q))))),
        path(PathMatchers.segment(), callId -> concat(
            get(() -> runAsync(d -> one(callId))),
            delete(() -> writing(() -> runAsync(d -> end(d, callId))))))));
  }

  private CompletionStage<HttpResponse> list(Map<String, String> q) {
    DialogQuery query = DialogQuery.of(q);
    int limit = number(q, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = number(q, "offset", 0, 0, MAX_REACH - 1);
    if (offset + limit > MAX_REACH) {
      throw new IllegalArgumentException("offset + limit must be at most " + MAX_REACH + " across the cluster, was "
          + (offset + limit) + "; narrow the list with state, caller, callee or domain");
    }
    return cluster.gather(query, offset + limit).thenApplyAsync(g -> json(200, page(g, limit, offset)), executor);
  }

  private CompletionStage<HttpResponse> one(String callId) {
    return cluster.gather(DialogQuery.callId(callId), 1).thenApplyAsync(g -> {
      if (!g.dialogs().isEmpty()) {
        return json(200, dialog(g.dialogs().get(0)));
      }
      String unasked = g.missing().isEmpty() ? "" : " (" + String.join(", ", g.missing()) + " did not answer)";
      return json(404, Json.error("no dialog with Call-ID " + callId + unasked));
    }, executor);
  }

  /** Finds the dialog's home on whichever node lists it, then asks its call entity to end it. */
  private CompletionStage<HttpResponse> end(DialogControl control, String callId) {
    return cluster.gather(DialogQuery.callId(callId), 1)
        .thenComposeAsync(g -> control.end(g.dialogs().isEmpty() ? null : g.dialogs().get(0).home(), callId),
            executor)
        .thenApplyAsync(reply -> {
          if (reply.ended() != null) {
            return json(200, dialog(reply.ended()));
          }
          if (reply.found() != null && reply.found().state() == DialogState.EARLY) {
            throw new ProvisioningException(Reason.CONFLICT, "the call " + callId + " is not answered yet");
          }
          throw new ProvisioningException(Reason.NOT_FOUND, "no confirmed dialog with Call-ID " + callId);
        }, executor);
  }

  /** One page of what the nodes answered, with who answered and who did not. */
  static ObjectNode page(DialogGathering.Gathered g, int limit, int offset) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode list = o.putArray("dialogs");
    g.dialogs().stream().skip(offset).limit(limit).forEach(d -> list.add(dialog(d)));
    o.put("total", g.total());
    o.put("limit", limit);
    o.put("offset", offset);
    ArrayNode nodes = o.putArray("nodes");
    g.answered().forEach(nodes::add);
    ArrayNode missing = o.putArray("missing");
    g.missing().forEach(missing::add);
    return o;
  }

  public static ObjectNode dialog(DialogInfo d) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("call_id", d.callId());
    o.put("state", d.state().label());
    o.set("caller", leg(d.caller()));
    o.set("callee", leg(d.callee()));
    o.put("original_uri", d.originalUri());
    o.put("final_uri", d.finalUri());
    o.put("setup", Instant.ofEpochMilli(d.setupMillis()).toString());
    o.put("answer", d.answerMillis() == 0 ? null : Instant.ofEpochMilli(d.answerMillis()).toString());
    o.put("deadline", d.deadlineMillis() == 0 ? null : Instant.ofEpochMilli(d.deadlineMillis()).toString());
    if (d.sessionMillis() > 0) {
      // RFC 4028: the session interval and when the session ends unless refreshed
      o.put("session_interval", d.sessionMillis() / 1000);
      o.put("session_expires", Instant.ofEpochMilli(d.sessionExpiresAt()).toString());
    }
    o.put("node", d.node());
    o.put("home", d.home());
    return o;
  }

  private static ObjectNode leg(DialogLeg leg) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("uri", leg.uri());
    o.put("tag", leg.tag());
    o.put("contact", leg.contact());
    ArrayNode routes = o.putArray("route_set");
    leg.routeSet().forEach(routes::add);
    o.put("cseq", leg.cseq());
    o.put("flow", leg.flow());
    return o;
  }

  private static int number(Map<String, String> q, String name, int dflt, int min, int max) {
    String v = q.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", was " + v);
    }
  }
}
