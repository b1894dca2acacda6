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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * The live dialogs of this node on the management HTTP server, mounted through
 * {@code pekko.management.http.routes.parley-dialogs} (reference.conf):
 *
 * <ul>
 *   <li>{@code GET /dialogs[?state=&caller=&callee=&domain=&limit=&offset=]} → 200 and
 *       {@code {"dialogs":[…],"total":…,"limit":…,"offset":…}}, newest first; {@code caller} and
 *       {@code callee} match a part of the From or To URI, {@code domain} the host of either,
 *       {@code state} is early or confirmed;</li>
 *   <li>{@code GET /dialogs/{callId}} → 200 and the dialog: both legs (URI, tag, remote target,
 *       route set, CSeq, flow), the original and final Request-URI, setup, answer and deadline
 *       times, and the node that holds it; 404 if this node holds none;</li>
 *   <li>{@code DELETE /dialogs/{callId}} → 200 and the dialog as it ended: Parley sends BYE to
 *       both parties and the CDR records "operator"; 409 for a call not answered yet; 404 if
 *       there is none.</li>
 * </ul>
 *
 * <p>Times are ISO 8601 UTC. Errors and read-only servers as for {@link SubscriberRoutes}.
 */
public final class DialogRoutes extends ProvisioningRoutes<DialogControl> {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  /** Called by Pekko Management, which builds the providers named in its configuration. */
  public DialogRoutes(ExtendedActorSystem system) {
    super(system, "the dialog list", AdminServices::dialogs);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix("dialogs", () -> concat(
        pathEndOrSingleSlash(() -> get(() -> parameterMap(q -> run(d -> json(200, list(d.dialogs(), q)))))),
        path(PathMatchers.segment(), callId -> concat(
            get(() -> run(d -> json(200, dialog(found(d.dialog(callId), callId))))),
            delete(() -> writing(() -> run(d -> end(d, callId))))))));
  }

  private static DialogInfo found(DialogInfo d, String callId) {
    if (d == null) {
      throw new ProvisioningException(Reason.NOT_FOUND, "no dialog with Call-ID " + callId + " on this node");
    }
    return d;
  }

  private static HttpResponse end(DialogControl control, String callId) {
    CallEntity.EndDialogReply reply;
    try {
      reply = control.end(callId).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      return json(504, Json.error("the call did not answer in time; try again"));
    }
    if (reply.ended() != null) {
      return json(200, dialog(reply.ended()));
    }
    if (reply.found() != null && reply.found().state() == DialogState.EARLY) {
      throw new ProvisioningException(Reason.CONFLICT, "the call " + callId + " is not answered yet");
    }
    throw new ProvisioningException(Reason.NOT_FOUND, "no confirmed dialog with Call-ID " + callId);
  }

  static ObjectNode list(List<DialogInfo> all, Map<String, String> q) {
    String state = q.get("state");
    if (state != null && !state.equals("early") && !state.equals("confirmed")) {
      throw new IllegalArgumentException("state must be early or confirmed, was " + state);
    }
    String caller = lower(q.get("caller"));
    String callee = lower(q.get("callee"));
    String domain = lower(q.get("domain"));
    int limit = number(q, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = number(q, "offset", 0, 0, Integer.MAX_VALUE);
    List<DialogInfo> matching = all.stream()
        .filter(d -> state == null || d.state().label().equals(state))
        .filter(d -> caller == null || d.caller().uri().toLowerCase(Locale.ROOT).contains(caller))
        .filter(d -> callee == null || d.callee().uri().toLowerCase(Locale.ROOT).contains(callee))
        .filter(d -> domain == null || host(d.caller().uri()).equals(domain) || host(d.callee().uri()).equals(domain))
        .sorted(Comparator.comparingLong(DialogInfo::setupMillis).reversed().thenComparing(DialogInfo::callId))
        .toList();
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode list = o.putArray("dialogs");
    matching.stream().skip(offset).limit(limit).forEach(d -> list.add(dialog(d)));
    o.put("total", matching.size());
    o.put("limit", limit);
    o.put("offset", offset);
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
    o.put("node", d.node());
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

  private static String lower(String s) {
    return s == null || s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
  }

  /** The host of a SIP URI as text: between '@' (or the scheme) and the port or parameters. */
  private static String host(String uri) {
    int at = uri.indexOf('@');
    int start = at >= 0 ? at + 1 : uri.indexOf(':') + 1;
    int end = start;
    while (end < uri.length() && ":;?>".indexOf(uri.charAt(end)) < 0) {
      end++;
    }
    return uri.substring(start, end).toLowerCase(Locale.ROOT);
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
