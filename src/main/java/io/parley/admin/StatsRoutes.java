package io.parley.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /stats}: this node's SIP counters as JSON ({@link StatsSnapshot}), mounted through
 * {@code pekko.management.http.routes.parley-stats} (reference.conf); what Kamailio's
 * {@code kamcmd stats.get_statistics all} shows, grouped:
 *
 * <pre>{@code
 * {"requests":{"received":{"INVITE":3,"REGISTER":5,…}},
 *  "responses":{"received":{"200":2,…},"sent":{"100":3,"200":5,…}},
 *  "transactions":{"active":1,"started":9,"retransmissions_absorbed":0,"retransmissions_sent":0},
 *  "dialogs":{"early":0,"confirmed":1,"terminated":0},
 *  "registrations":{"register_requests":5,"contacts":2,"parked_contacts":0},
 *  "drops":{"malformed_requests_answered":0,…},
 *  "auth":{"failures":1,"invalid":0,"bans":0,"dropped_while_banned":0}}
 * }</pre>
 *
 * Methods and codes with no traffic are left out. 503 until the node provided its counters. A
 * read: open unless {@code parley.management.token-for-reads}; reading counters in memory, it
 * runs on the HTTP server's thread.
 */
public final class StatsRoutes extends AllDirectives implements ManagementRouteProvider {
  private final ExtendedActorSystem system;

  /** Called by Pekko Management, which builds the providers named in its configuration. */
  public StatsRoutes(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return path("stats", () -> get(() -> extractRequest(r -> complete(answer()))));
  }

  private HttpResponse answer() {
    return AdminServices.get(system).stats()
        .map(s -> ProvisioningRoutes.json(200, json(s.get())))
        .orElseGet(() -> ProvisioningRoutes.json(503, Json.error("stats are not running yet; try again")));
  }

  static ObjectNode json(StatsSnapshot s) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    counts(o.putObject("requests").putObject("received"), new TreeMap<>(s.requestsReceived()));
    ObjectNode responses = o.putObject("responses");
    counts(responses.putObject("received"), new TreeMap<>(s.responsesReceived()));
    counts(responses.putObject("sent"), new TreeMap<>(s.responsesSent()));
    StatsSnapshot.Transactions t = s.transactions();
    o.putObject("transactions").put("active", t.active()).put("started", t.started())
        .put("retransmissions_absorbed", t.retransmissionsAbsorbed())
        .put("retransmissions_sent", t.retransmissionsSent()).put("finished", t.finished());
    ObjectNode dialogs = o.putObject("dialogs");
    counts(dialogs, s.dialogs());
    dialogs.put("parked", s.parkedDialogs()); // of the confirmed ones
    StatsSnapshot.Registrations r = s.registrations();
    o.putObject("registrations").put("register_requests", r.registerRequests()).put("contacts", r.contacts())
        .put("parked_contacts", r.parkedContacts());
    StatsSnapshot.Drops d = s.drops();
    o.putObject("drops").put("malformed_requests_answered", d.malformedRequestsAnswered())
        .put("malformed_responses_dropped", d.malformedResponsesDropped()).put("unanswerable", d.unanswerable())
        .put("inbound_dropped", d.inboundDropped()).put("stray_responses", d.strayResponses())
        .put("requests_dropped", d.requestsDropped()).put("flood_dropped", d.floodDropped())
        .put("send_failures", d.sendFailures()).put("not_taken", d.notTaken());
    StatsSnapshot.Auth a = s.auth();
    o.putObject("auth").put("failures", a.failures()).put("invalid", a.invalid()).put("bans", a.bans())
        .put("dropped_while_banned", a.droppedWhileBanned());
    StatsSnapshot.Keepalives k = s.keepalives();
    o.putObject("keepalives").put("pinged", k.pinged()).put("sent", k.sent()).put("answered", k.answered())
        .put("missed", k.missed()).put("removed", k.removed()).put("failed", k.failed())
        .put("relayed", k.relayed());
    return o;
  }

  private static void counts(ObjectNode into, Map<?, Long> counts) {
    counts.forEach((k, v) -> into.put(k.toString(), v));
  }
}
