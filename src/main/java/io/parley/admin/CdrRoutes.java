package io.parley.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.accounting.Cdr;
import io.parley.accounting.CdrCsv;
import io.parley.accounting.CdrQuery;
import io.parley.accounting.CdrRepository;
import io.parley.admin.ProvisioningException.Reason;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * The call detail records on the management HTTP server, mounted through
 * {@code pekko.management.http.routes.parley-cdrs} (reference.conf):
 *
 * <ul>
 *   <li>{@code GET /cdrs?from=&to=&caller=&callee=&call-id=&limit=&offset=} → 200 and
 *       {@code {"cdrs":[…],"limit":…,"offset":…}}, newest setup first; {@code from} (inclusive)
 *       and {@code to} (exclusive) bound the setup time, each an ISO 8601 instant
 *       ({@code 2026-12-06T08:00:00Z}) or epoch milliseconds; {@code caller} and {@code callee}
 *       are URIs, and without a scheme match both sip: and sips:; {@value #DEFAULT_LIMIT} by
 *       default, at most {@link CdrRepository#MAX_PAGE};</li>
 *   <li>the same with {@code format=csv}, or {@code Accept: text/csv}, → CSV ({@link CdrCsv}).</li>
 * </ul>
 *
 * <p>A bad parameter, or one this route does not know, → 400 with a JSON message; the database
 * unreachable → 503. A read: open unless {@code parley.management.token-for-reads}. CDRs are in
 * the shared database: every node answers for the whole cluster.
 */
public final class CdrRoutes extends ProvisioningRoutes<CdrRepository> {
  /** The page size without {@code limit}. */
  public static final int DEFAULT_LIMIT = 100;
  private static final Set<String> PARAMETERS = Set.of("from", "to", "caller", "callee", "call-id", "limit",
      "offset", "format");

  /** Called by Pekko Management, which builds the providers named in its configuration. */
  public CdrRoutes(ExtendedActorSystem system) {
    super(system, "accounting", AdminServices::cdrs);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return path("cdrs", () -> get(() -> parameterMap(params -> optionalHeaderValueByName("Accept",
        accept -> run(repository -> list(repository, params, accept))))));
  }

  static HttpResponse list(CdrRepository repository, Map<String, String> params, Optional<String> accept) {
    for (String name : params.keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw new IllegalArgumentException("unknown parameter '" + name + "'; known: from, to, caller, callee, "
            + "call-id, limit, offset, format");
      }
    }
    boolean csv = csv(params.get("format"), accept);
    CdrQuery q = new CdrQuery(time("from", params.get("from")), time("to", params.get("to")), params.get("caller"),
        params.get("callee"), params.get("call-id"), number("limit", params.get("limit"), DEFAULT_LIMIT),
        number("offset", params.get("offset"), 0));
    List<Cdr> cdrs;
    try {
      cdrs = repository.find(q);
    } catch (IllegalStateException e) {
      throw new ProvisioningException(Reason.UNAVAILABLE, "the CDRs cannot be read now (see the node's log)");
    }
    if (csv) {
      return HttpResponse.create().withStatus(200).withEntity(HttpEntities.create(
          ContentTypes.create(MediaTypes.TEXT_CSV, HttpCharsets.UTF_8), CdrCsv.render(cdrs)));
    }
    return json(200, page(cdrs, q.limit(), q.offset()));
  }

  private static boolean csv(String format, Optional<String> accept) {
    if (format != null) {
      return switch (format) {
        case "csv" -> true;
        case "json" -> false;
        default -> throw new IllegalArgumentException("format must be json or csv, not '" + format + "'");
      };
    }
    return accept.map(a -> a.contains("text/csv")).orElse(false);
  }

  /** An ISO 8601 instant or epoch milliseconds; null if absent. */
  static Instant time(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      if (v.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochMilli(Long.parseLong(v));
      }
      return Instant.parse(v);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an ISO 8601 instant (2026-12-06T08:00:00Z) or epoch "
          + "milliseconds, not '" + abbreviated(value) + "'");
    }
  }

  private static int number(String name, String value, int absent) {
    if (value == null) {
      return absent;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + abbreviated(value) + "'");
    }
  }

  private static String abbreviated(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  static ObjectNode cdr(Cdr r) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("call_id", r.callId()).put("caller", r.caller()).put("callee", r.callee())
        .put("original_uri", r.originalUri()).put("final_uri", r.finalUri()).put("from_tag", r.fromTag())
        .put("to_tag", r.toTag()).put("setup_time", r.setup().toString())
        .put("answer_time", r.answer() == null ? null : r.answer().toString()).put("end_time", r.end().toString())
        .put("duration", r.durationSeconds()).put("status", r.status()).put("reason", r.reason())
        .put("ended_by", r.endedBy()).put("node", r.node());
    return o;
  }

  /** {@code {"cdrs":[…],"limit":…,"offset":…}}. */
  static ObjectNode page(List<Cdr> cdrs, int limit, int offset) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode list = o.putArray("cdrs");
    cdrs.forEach(c -> list.add(cdr(c)));
    o.put("limit", limit);
    o.put("offset", offset);
    return o;
  }
}
