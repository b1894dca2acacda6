package io.parley.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON of the provisioning API. A subscriber is
 * {@code {"aor","username","domain","algorithms":[…],"aliases":[…],"created_at","max_call_duration"}}
 * (seconds, or null for the node's default); the HA1
 * values never leave the node. A served domain is {@code {"name","source"}}, the source
 * {@code "configuration"} or {@code "database"}. An error is {@code {"error":"…"}}.
 */
public final class Json {
  /** Thread-safe once configured; shared by the routes and the command line. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static ObjectNode subscriber(ProvisionedSubscriber p) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("aor", p.id().toString());
    o.put("username", p.id().username());
    o.put("domain", p.id().domain());
    ArrayNode algorithms = o.putArray("algorithms");
    p.algorithms().forEach(algorithms::add);
    ArrayNode aliases = o.putArray("aliases");
    p.aliases().forEach(a -> aliases.add(a.toString()));
    o.put("created_at", p.subscriber().createdAt().toString());
    MaxCallDuration.put(o, p.subscriber().maxCallDuration());
    return o;
  }

  /** {@code {"subscribers":[…],"limit":…,"offset":…}}: a page, and where it began. */
  public static ObjectNode page(List<ProvisionedSubscriber> page, int limit, int offset) {
    ObjectNode o = MAPPER.createObjectNode();
    ArrayNode list = o.putArray("subscribers");
    page.forEach(p -> list.add(subscriber(p)));
    o.put("limit", limit);
    o.put("offset", offset);
    return o;
  }

  public static ObjectNode domain(ServedDomain d) {
    return MAPPER.createObjectNode().put("name", d.name()).put("source", d.source().json());
  }

  /** {@code {"domains":[…]}}. */
  public static ObjectNode domains(List<ServedDomain> domains) {
    ObjectNode o = MAPPER.createObjectNode();
    ArrayNode list = o.putArray("domains");
    domains.forEach(d -> list.add(domain(d)));
    return o;
  }

  /**
   * A request body that must be a JSON object.
   *
   * @throws IllegalArgumentException with a message for the operator if it is not one
   */
  static JsonNode object(String body) {
    if (body == null || body.isBlank()) {
      throw new IllegalArgumentException("the body is empty; it must be a JSON object");
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    return json;
  }

  public static ObjectNode error(String message) {
    return MAPPER.createObjectNode().put("error", message);
  }

  public static byte[] bytes(ObjectNode o) {
    try {
      return MAPPER.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      // a tree of strings and numbers always serializes
      throw new IllegalStateException(e);
    }
  }
}
