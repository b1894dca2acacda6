package io.parley.location;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.parley.common.CborSerializable;
import java.util.Objects;

/**
 * One Contact of a REGISTER as the registrar hands it over, after it has applied its own rules
 * (RFC 3261 §10.3 steps 1–6: authentication, the URI check, min/max expires).
 *
 * @param contact the contact URI, its exact wire form (URI parameters and escaped headers kept)
 * @param expiresSeconds the granted expiry in seconds: the contact's expires parameter, else the
 *     Expires header, else the registrar's default (RFC 3261 §10.3 step 7); 0 removes
 * @param q the q-value × 1000 (0..1000), or {@link Binding#Q_UNSPECIFIED}
 * @param params the contact's other parameters as received (without q and expires), or ""
 * @param instanceId the {@code +sip.instance} value (RFC 5626 §4.1), or null
 * @param regId the {@code reg-id} (RFC 5626 §4.2), or 0
 * @param behindNat whether the UA registering it is behind a NAT ({@code parley.nat.detect}):
 *     reached at the REGISTER's source, not at the contact (RFC 3581)
 */
public record ContactUpdate(String contact, long expiresSeconds, int q, String params, String instanceId,
    int regId, boolean behindNat) implements CborSerializable {

  public ContactUpdate {
    Objects.requireNonNull(contact, "contact");
    if (expiresSeconds < 0) {
      throw new IllegalArgumentException("expires must not be negative, was " + expiresSeconds);
    }
    if (q < Binding.Q_UNSPECIFIED || q > 1000) {
      throw new IllegalArgumentException("q must be 0..1000 or unspecified, was " + q);
    }
    if (regId < 0) {
      throw new IllegalArgumentException("reg-id must be positive or 0, was " + regId);
    }
    params = params == null ? "" : params;
  }

  /** Not behind a NAT. */
  public ContactUpdate(String contact, long expiresSeconds, int q, String params, String instanceId, int regId) {
    this(contact, expiresSeconds, q, params, instanceId, regId, false);
  }

  /** A plain contact: no q, no other parameters, no instance. */
  public static ContactUpdate of(String contact, long expiresSeconds) {
    return new ContactUpdate(contact, expiresSeconds, Binding.Q_UNSPECIFIED, "", null, 0);
  }

  /** This contact, registered from behind a NAT or not. */
  public ContactUpdate withBehindNat(boolean nat) {
    return nat == behindNat ? this : new ContactUpdate(contact, expiresSeconds, q, params, instanceId, regId, nat);
  }

  /** Whether it is identified by instance and reg-id (RFC 5626 §6). */
  @JsonIgnore
  public boolean isOutbound() {
    return instanceId != null && regId > 0;
  }
}
