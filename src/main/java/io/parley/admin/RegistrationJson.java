package io.parley.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.location.Binding;
import io.parley.location.Registration;
import java.time.Instant;
import java.util.List;

/**
 * The JSON of the registration routes. A registration is {@code {"aor","node","bindings":[…]}};
 * a binding {@code {"contact","expires","expires_at","q","flow","received","behind_nat","user_agent","node",
 * "call_id","cseq","registered_at","instance","reg_id","path":[…],"params"}}: {@code expires} the
 * seconds left, {@code q} a number 0..1 or null when the contact gave none, {@code flow} the
 * transport flow its REGISTER came on (RFC 5626), {@code received} its source, {@code behind_nat}
 * whether it is reached there (parley.nat.detect; null for a binding stored before), {@code node} the
 * cluster node whose entity holds it; absent values are null. Times are ISO 8601 UTC.
 */
final class RegistrationJson {
  private RegistrationJson() {}

  static ObjectNode registration(Registration r, long nowMillis) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("aor", r.aor());
    o.put("node", r.node());
    ArrayNode list = o.putArray("bindings");
    r.bindings().forEach(b -> list.add(binding(b, r.node(), nowMillis)));
    return o;
  }

  static ObjectNode binding(Binding b, String node, long nowMillis) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("contact", b.contact());
    o.put("expires", b.expiresInSeconds(nowMillis));
    o.put("expires_at", Instant.ofEpochMilli(b.expiresAt()).toString());
    if (b.q() == Binding.Q_UNSPECIFIED) {
      o.putNull("q");
    } else {
      o.put("q", b.q() / 1000.0);
    }
    o.put("flow", b.flowId());
    o.put("received", b.received());
    o.put("behind_nat", b.behindNat());
    o.put("user_agent", b.userAgent());
    o.put("node", node);
    o.put("call_id", b.callId());
    o.put("cseq", b.cseq());
    o.put("registered_at", Instant.ofEpochMilli(b.registeredAt()).toString());
    o.put("instance", b.instanceId());
    if (b.regId() > 0) {
      o.put("reg_id", b.regId());
    } else {
      o.putNull("reg_id");
    }
    ArrayNode path = o.putArray("path");
    b.path().forEach(path::add);
    o.put("params", b.params());
    return o;
  }

  /** {@code {"registrations":[…],"limit","next"}}: a page, and the cursor of the next, or null. */
  static ObjectNode page(List<Registration> page, int limit, String next, long nowMillis) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode list = o.putArray("registrations");
    page.forEach(r -> list.add(registration(r, nowMillis)));
    o.put("limit", limit);
    o.put("next", next);
    return o;
  }
}
