package io.parley.registrar;

import io.parley.location.ContactUpdate;
import java.util.List;

/** What {@link RegisterRules} makes of one REGISTER: an answer at once, or a request to the AOR. */
public sealed interface RegisterDecision {

  /** The address-of-record, {@code user@domain}; null for a {@link Reject}. */
  default String aor() {
    return null;
  }

  /**
   * Answer with this status, nothing stored.
   *
   * @param minExpires the Min-Expires value of a 423 (RFC 3261 §20.23), else 0
   * @param unsupported the Unsupported value of a 420 (RFC 3261 §20.40), else null
   */
  record Reject(int status, String reason, long minExpires, String unsupported, long retryAfter)
      implements RegisterDecision {
    public Reject(int status, String reason, long minExpires, String unsupported) {
      this(status, reason, minExpires, unsupported, 0);
    }

    public Reject(int status, String reason, long minExpires) {
      this(status, reason, minExpires, null, 0);
    }
  }

  /**
   * Add, refresh or remove these contacts of {@code aor} (RFC 3261 §10.3 steps 7, 8).
   *
   * @param path the request's Path values in wire form, stored with each binding and echoed in
   *     the 200 OK (RFC 3327 §5.3); empty for none
   * @param outbound whether the bindings are RFC 5626 ones, so the 200 OK carries {@code
   *     Require: outbound} (RFC 5626 §6)
   * @param userAgent the User-Agent to keep with the bindings, cut to its limit, or null
   */
  record Update(String aor, List<ContactUpdate> contacts, String callId, long cseq, List<String> path,
      boolean outbound, String userAgent) implements RegisterDecision {
    public Update {
      contacts = List.copyOf(contacts);
      path = List.copyOf(path);
    }

    public Update(String aor, List<ContactUpdate> contacts, String callId, long cseq, List<String> path,
        boolean outbound) {
      this(aor, contacts, callId, cseq, path, outbound, null);
    }

    /** Plain contacts: no Path, no outbound. */
    public Update(String aor, List<ContactUpdate> contacts, String callId, long cseq) {
      this(aor, contacts, callId, cseq, List.of(), false, null);
    }
  }

  /** {@code Contact: *} with {@code Expires: 0}: remove every binding (RFC 3261 §10.3 step 6). */
  record RemoveAll(String aor, String callId, long cseq) implements RegisterDecision {}

  /** No Contact: list the current bindings (RFC 3261 §10.2.3, §10.3 step 8). */
  record Query(String aor) implements RegisterDecision {}
}
