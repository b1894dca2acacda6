package io.parley.location;

import io.parley.common.CborSerializable;
import java.util.List;

/**
 * What happened to the bindings of one address-of-record, as persisted in the journal. A binding
 * is named by its {@link BindingRef}; events that set a binding carry it whole, so replaying
 * them needs no other input (not even the clock).
 */
public sealed interface AorEvent extends CborSerializable {

  /** A contact not bound before was registered (RFC 3261 §10.3 step 7, "does not exist"). */
  record BindingAdded(Binding binding) implements AorEvent {}

  /**
   * The same binding, same Call-ID, with a higher CSeq, now reads {@code binding}: a later lease,
   * or changed parameters, flow, Path or source (RFC 3261 §10.3 step 7, "update").
   */
  record BindingRefreshed(Binding binding) implements AorEvent {}

  /**
   * {@code previous} was replaced by {@code binding}: a REGISTER with another Call-ID (the UA
   * restarted, RFC 3261 §10.3 step 7), or the same RFC 5626 instance and reg-id with another
   * contact URI (RFC 5626 §6).
   */
  record BindingReplaced(BindingRef previous, Binding binding) implements AorEvent {}

  /** The contact was registered with expires 0 (RFC 3261 §10.3 step 7, "removed"). */
  record BindingRemoved(BindingRef binding) implements AorEvent {}

  /**
   * The binding's time ran out without a refresh (RFC 3261 §10.2.1: bindings are soft state), or
   * its UA stopped answering the keepalives that hold its NAT pinhole open.
   *
   * @param reason why, when it was not its time: e.g. {@code "3 keepalives unanswered"}; null
   *     when it expired (and in every event written before reasons were)
   */
  record BindingExpired(BindingRef binding, String reason) implements AorEvent {
    /** Expired in its time. */
    public BindingExpired(BindingRef binding) {
      this(binding, null);
    }
  }

  /**
   * Written when an entity passivates while it held refreshes that were never written (see the
   * lease in {@link AorEntity}): every binding as it stood, its lease cut to its true expiry, so
   * the binding recovered next time expires exactly when the phone was told.
   */
  record BindingsCheckpointed(List<Binding> bindings) implements AorEvent {}

  /** {@code Contact: *} with {@code Expires: 0} removed every binding (RFC 3261 §10.3 step 6). */
  record AllBindingsRemoved(String callId, long cseq) implements AorEvent {}
}
