package io.parley.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.auth.Subscriber;
import java.time.Duration;
import java.util.Iterator;

/**
 * The body of {@code PUT /subscribers/{aor}}: what changes, the rest stays.
 * {@code {"password":"…"}} changes the password; {@code {"max_call_duration":"2h"}} sets the
 * subscriber's own max call duration ({@link MaxCallDuration}), {@code null} gives it the node's
 * default again; both may come in one body, and at least one must.
 *
 * @param password the new password, or {@code null} to keep it
 * @param setsMaxCallDuration whether the max call duration changes
 * @param maxCallDuration the new one when it changes; {@code null}: the node's default
 */
public record SubscriberUpdate(String password, boolean setsMaxCallDuration, Duration maxCallDuration) {

  public SubscriberUpdate {
    Subscriber.requireCallDuration(maxCallDuration);
    if (!setsMaxCallDuration && maxCallDuration != null) {
      throw new IllegalArgumentException("a max call duration that is not set");
    }
  }

  /** A new password, nothing else. */
  public static SubscriberUpdate password(String password) {
    return new SubscriberUpdate(password, false, null);
  }

  /** A new own max call duration ({@code null}: the node's default), nothing else. */
  public static SubscriberUpdate maxCallDuration(Duration max) {
    return new SubscriberUpdate(null, true, max);
  }

  /**
   * Reads a request body.
   *
   * @throws IllegalArgumentException with a message for the operator if it changes nothing, or
   *     names a field that cannot change
   */
  public static SubscriberUpdate fromJson(String body) {
    JsonNode json = Json.object(body);
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("password") && !name.equals(MaxCallDuration.FIELD)) {
        throw new IllegalArgumentException("unknown field '" + name + "'; only password and "
            + MaxCallDuration.FIELD + " can be changed");
      }
    }
    boolean setsMax = json.has(MaxCallDuration.FIELD);
    if (!json.has("password") && !setsMax) {
      throw new IllegalArgumentException("nothing to change: give 'password' or '" + MaxCallDuration.FIELD + "'");
    }
    String password = json.has("password") ? NewSubscriber.password(json) : null;
    return new SubscriberUpdate(password, setsMax, setsMax ? MaxCallDuration.fromJson(json.get(MaxCallDuration.FIELD)) : null);
  }
}
