package io.parley.location;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.parley.common.CborSerializable;
import java.util.List;
import java.util.Objects;

/**
 * One registered contact of an address-of-record: RFC 3261 §10.3 step 7 stores the contact
 * address, its expiry, the Call-ID and CSeq of the REGISTER that set it; RFC 3327 §5.3 adds the
 * Path, RFC 5626 §6 the instance, reg-id and flow.
 *
 * <p>Heap: a location service holds one of these per registered device, so it is kept small
 * (DESIGN.md: ≤ 1 KB per idle registration with its state). Empty Path is the shared
 * {@code List.of()}, empty parameters the shared {@code ""}; values that many bindings repeat
 * (Path URIs of the edge proxy, contact parameters without an instance) are interned; a
 * {@code received} equal to the flow id is the same String.
 *
 * @param contact the contact URI exactly as registered, with its URI parameters and escaped
 *     headers (the wire form a request to it is sent to, and the 200 OK lists)
 * @param q the q-value × 1000 (0..1000), or {@link #Q_UNSPECIFIED}
 * @param params the contact's other header parameters as received, without q and expires, e.g.
 *     {@code ;+sip.instance="<urn:uuid:…>";reg-id=1}; empty when none
 * @param expiresAt when the binding expires (epoch millis): what the registrar granted
 * @param leaseUntil the latest expiry persisted for this binding (epoch millis, ≥ expiresAt
 *     whenever it was persisted); after a failover the binding lives until this time (see
 *     {@link AorEntity})
 * @param callId Call-ID of the REGISTER that last set the binding
 * @param cseq its CSeq number
 * @param flowId the transport flow the REGISTER came on, or null
 * @param path the Path header values, RFC 3327; empty when none
 * @param instanceId the {@code +sip.instance} value (RFC 5626 §4.1), or null
 * @param regId the {@code reg-id} (RFC 5626 §4.2), or 0 when none
 * @param received the source the REGISTER came from, {@code "udp:1.2.3.4:5060"}, or null
 * @param registeredAt when this binding was first added (epoch millis)
 * @param userAgent the User-Agent of the REGISTER that last set it (RFC 3261 §20.41), cut to
 *     {@code parley.registrar.max-user-agent-length}, or null when it had none or the binding was
 *     stored before user agents were (an event without the field reads as null)
 * @param behindNat whether its UA was behind a NAT when it registered ({@code parley.nat.detect}):
 *     then it is reached at {@code received}, else at its contact (RFC 3581 §4, RFC 3261 §16.6);
 *     null for a binding stored before the tests were (an event without the field), for which
 *     the proxy keeps its earlier rule until the next refresh writes the answer
 */
public record Binding(String contact, int q, String params, long expiresAt, long leaseUntil, String callId,
    long cseq, String flowId, List<String> path, String instanceId, int regId, String received,
    long registeredAt, String userAgent, Boolean behindNat) implements CborSerializable {

  /** A contact without a q parameter. RFC 3261 gives no default; it sorts as 1.0. */
  public static final int Q_UNSPECIFIED = -1;

  public Binding {
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(callId, "callId");
    if (q < Q_UNSPECIFIED || q > 1000) {
      throw new IllegalArgumentException("q must be 0..1000 or unspecified, was " + q);
    }
    if (regId < 0) {
      throw new IllegalArgumentException("reg-id must be positive or 0, was " + regId);
    }
    params = Shared.params(params);
    path = Shared.path(path);
    if (received != null && received.equals(flowId)) {
      received = flowId;
    }
    userAgent = Shared.userAgent(userAgent);
  }

  /** A binding stored before NAT detection was (its behindNat unknown). */
  public Binding(String contact, int q, String params, long expiresAt, long leaseUntil, String callId, long cseq,
      String flowId, List<String> path, String instanceId, int regId, String received, long registeredAt,
      String userAgent) {
    this(contact, q, params, expiresAt, leaseUntil, callId, cseq, flowId, path, instanceId, regId, received,
        registeredAt, userAgent, null);
  }

  /** A binding without a user agent. */
  public Binding(String contact, int q, String params, long expiresAt, long leaseUntil, String callId, long cseq,
      String flowId, List<String> path, String instanceId, int regId, String received, long registeredAt) {
    this(contact, q, params, expiresAt, leaseUntil, callId, cseq, flowId, path, instanceId, regId, received,
        registeredAt, null);
  }

  /** Whether this is an RFC 5626 binding, identified by instance and reg-id rather than URI. */
  @JsonIgnore
  public boolean isOutbound() {
    return instanceId != null && regId > 0;
  }

  /** Whether the binding still holds at {@code nowMillis}. */
  public boolean isActiveAt(long nowMillis) {
    return expiresAt > nowMillis;
  }

  /** The seconds left until expiry at {@code nowMillis}, rounded up, for the 200 OK's expires. */
  public long expiresInSeconds(long nowMillis) {
    long left = expiresAt - nowMillis;
    return left <= 0 ? 0 : (left + 999) / 1000;
  }

  /** The q-value used for ordering: unspecified counts as 1.0. */
  int sortQ() {
    return q == Q_UNSPECIFIED ? 1000 : q;
  }

  /** The identity events name this binding by. */
  public BindingRef ref() {
    return new BindingRef(contact, instanceId, regId);
  }

  boolean is(BindingRef ref) {
    return regId == ref.regId() && contact.equals(ref.contact()) && Objects.equals(instanceId, ref.instanceId());
  }

  /**
   * Whether a contact in a REGISTER names this binding: RFC 5626 §6, the same instance and
   * reg-id; otherwise RFC 3261 §10.3 step 7, an equivalent URI (§19.1.4). An outbound binding is
   * not replaced by a plain contact that happens to have the same URI, nor the other way round.
   */
  boolean matches(ContactUpdate update) {
    if (update.isOutbound() || isOutbound()) {
      return update.regId() == regId && Objects.equals(update.instanceId(), instanceId);
    }
    return ContactUris.equivalent(contact, update.contact());
  }

  /** The same binding with another expiry (the true one, kept in memory, or the lease on recovery). */
  Binding withExpiresAt(long newExpiresAt) {
    return new Binding(contact, q, params, newExpiresAt, leaseUntil, callId, cseq, flowId, path, instanceId,
        regId, received, registeredAt, userAgent, behindNat);
  }

  /** The binding as a checkpoint writes it: its lease is its true expiry ({@link AorEvent.BindingsCheckpointed}). */
  Binding checkpointed() {
    return new Binding(contact, q, params, expiresAt, expiresAt, callId, cseq, flowId, path, instanceId, regId,
        received, registeredAt, userAgent, behindNat);
  }

  /** The same binding after a refresh that needs no write: only expiry, Call-ID and CSeq differ. */
  Binding refreshedInMemory(long newExpiresAt, String newCallId, long newCseq) {
    // the same Call-ID keeps the String already held, not the request's copy of it
    String call = callId.equals(newCallId) ? callId : newCallId;
    return new Binding(contact, q, params, newExpiresAt, leaseUntil, call, newCseq, flowId, path, instanceId,
        regId, received, registeredAt, userAgent, behindNat);
  }
}
