package io.parley.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.auth.Subscriber;
import io.parley.auth.SubscriberId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /subscribers}: {@code {"aor":"alice@example.com","password":"secret"}},
 * or {@code "username"} and {@code "domain"} in place of {@code "aor"}, and optionally
 * {@code "aliases":["al@example.com"]} and {@code "max_call_duration":"2h"} ({@link MaxCallDuration}).
 * Unknown fields are refused, so a misspelt one is not silently ignored.
 *
 * @param id the subscriber to create
 * @param password its password; hashed at once into the HA1s and not kept
 * @param aliases further addresses of record that lead to it, at most {@value #MAX_ALIASES}
 * @param maxCallDuration its own max call duration, or {@code null} for the node's default
 */
public record NewSubscriber(SubscriberId id, String password, List<SubscriberId> aliases, Duration maxCallDuration) {
  /** The most aliases one request may create. */
  public static final int MAX_ALIASES = 100;
  /** The longest password accepted; longer ones are surely a mistake (a pasted file). */
  public static final int MAX_PASSWORD = 1024;
  private static final Set<String> FIELDS =
      Set.of("aor", "username", "domain", "password", "aliases", MaxCallDuration.FIELD);

  public NewSubscriber {
    aliases = List.copyOf(aliases);
    Subscriber.requireCallDuration(maxCallDuration);
  }

  /** A subscriber with the node's default max call duration. */
  public NewSubscriber(SubscriberId id, String password, List<SubscriberId> aliases) {
    this(id, password, aliases, null);
  }

  /**
   * Reads a request body.
   *
   * @throws IllegalArgumentException with a message for the operator if it is not such an object
   */
  public static NewSubscriber fromJson(String body) {
    JsonNode json = Json.object(body);
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field '" + name + "'; known: aor (or username and domain), "
            + "password, aliases, " + MaxCallDuration.FIELD);
      }
    }
    SubscriberId id = idOf(json);
    String password = password(json);
    List<SubscriberId> aliases = new ArrayList<>();
    JsonNode list = json.get("aliases");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw new IllegalArgumentException("'aliases' must be an array of addresses of record");
      }
      if (list.size() > MAX_ALIASES) {
        throw new IllegalArgumentException("at most " + MAX_ALIASES + " aliases at once");
      }
      for (JsonNode a : list) {
        if (!a.isTextual()) {
          throw new IllegalArgumentException("'aliases' must be an array of addresses of record");
        }
        aliases.add(AddressOfRecord.parse(a.textValue()));
      }
    }
    return new NewSubscriber(id, password, aliases, MaxCallDuration.fromJson(json.get(MaxCallDuration.FIELD)));
  }

  /** The new password of a body that may change nothing else: {@code {"password":"…"}}. */
  public static String passwordFromJson(String body) {
    JsonNode json = Json.object(body);
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("password")) {
        throw new IllegalArgumentException("unknown field '" + name + "'; only password can be changed");
      }
    }
    return password(json);
  }

  private static SubscriberId idOf(JsonNode json) {
    String aor = text(json, "aor");
    String username = text(json, "username");
    String domain = text(json, "domain");
    if (aor != null) {
      if (username != null || domain != null) {
        throw new IllegalArgumentException("give either 'aor' or 'username' and 'domain', not both");
      }
      return AddressOfRecord.parse(aor);
    }
    if (username == null || domain == null) {
      throw new IllegalArgumentException("'aor' (or 'username' and 'domain') is required");
    }
    return AddressOfRecord.parse(username + "@" + domain);
  }

  static String password(JsonNode json) {
    String password = text(json, "password");
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("'password' is required and must not be empty");
    }
    if (password.length() > MAX_PASSWORD) {
      throw new IllegalArgumentException("'password' is longer than " + MAX_PASSWORD + " characters");
    }
    return password;
  }

  private static String text(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' must be a string");
    }
    return v.textValue();
  }
}
