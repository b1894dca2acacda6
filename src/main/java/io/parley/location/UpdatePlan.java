package io.parley.location;

import io.parley.location.AorEvent.AllBindingsRemoved;
import io.parley.location.AorEvent.BindingAdded;
import io.parley.location.AorEvent.BindingExpired;
import io.parley.location.AorEvent.BindingRefreshed;
import io.parley.location.AorEvent.BindingRemoved;
import io.parley.location.AorEvent.BindingReplaced;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one REGISTER does to an AOR's bindings, decided without actors: RFC 3261 §10.3 steps 6
 * and 7 and the lease rule of {@link AorEntity}.
 *
 * @param refusal why nothing may change, or null when the request is accepted
 * @param events what to persist, in order, as one atomic write; may be empty
 * @param inMemory refreshes within their lease: bindings that replace the stored binding of the
 *     same {@link Binding#ref()} after the events are applied, without being written
 */
record UpdatePlan(UpdateResult refusal, List<AorEvent> events, List<Binding> inMemory) {

  static UpdatePlan refused(UpdateResult refusal) {
    return new UpdatePlan(refusal, List.of(), List.of());
  }

  /** The REGISTER's source data that every binding it sets shares. */
  record Request(String callId, long cseq, String flowId, List<String> path, String received, String userAgent) {
    Request(String callId, long cseq, String flowId, List<String> path, String received) {
      this(callId, cseq, flowId, path, received, null);
    }
  }

  /**
   * RFC 3261 §10.3 step 7 for each contact: the out-of-order check runs against the stored
   * bindings before anything changes, so a request is applied whole or not at all (a request
   * with the CSeq that set a binding is its retransmission, answered without a change); a contact
   * listed twice takes its last value. Bindings already expired at {@code now} are expired in
   * the same write and never match.
   */
  static UpdatePlan update(AorState state, List<ContactUpdate> contacts, Request request, long now,
      AorSettings settings) {
    for (ContactUpdate u : contacts) {
      Binding b = state.matching(u, now);
      if (b != null && b.callId().equals(request.callId())) {
        if (request.cseq() < b.cseq()) {
          return refused(new UpdateResult.OutOfOrder(b.contact(), b.cseq()));
        }
        if (request.cseq() == b.cseq()) {
          // The very request that set this binding, again: a retransmission, for the registrar
          // keeps no transaction state. A server transaction would have answered it with the
          // response already sent (RFC 3261 §17.2.2), so it is answered with the bindings as
          // they are, and changes nothing (a UA never reuses a CSeq in a Call-ID, §8.1.1.5).
          return new UpdatePlan(null, List.of(), List.of());
        }
      }
    }
    List<AorEvent> events = expired(state, now);
    AorState work = apply(state, events);
    List<Binding> inMemory = new ArrayList<>();
    for (ContactUpdate u : contacts) {
      Binding b = work.matching(u, now);
      if (b != null) {
        // A later contact of the same request wins over an unwritten refresh of the same binding.
        inMemory.removeIf(m -> m.ref().equals(b.ref()));
      }
      AorEvent e = change(b, u, request, now, settings, inMemory);
      if (e != null) {
        events.add(e);
        work = work.apply(e);
      }
    }
    int before = state.active(now).size();
    int after = work.size();
    if (after > settings.maxContacts() && after > before) {
      return refused(new UpdateResult.TooManyBindings(settings.maxContacts()));
    }
    return new UpdatePlan(null, events, inMemory);
  }

  /**
   * RFC 3261 §10.3 step 6, {@code Contact: *} with {@code Expires: 0}: every binding goes, but a
   * binding with the request's Call-ID and a CSeq not lower refuses the whole request.
   */
  static UpdatePlan removeAll(AorState state, String callId, long cseq, long now) {
    for (Binding b : state.active(now)) {
      if (b.callId().equals(callId) && cseq <= b.cseq()) {
        return refused(new UpdateResult.OutOfOrder(b.contact(), b.cseq()));
      }
    }
    List<AorEvent> events = state.isEmpty() ? List.of() : List.of(new AllBindingsRemoved(callId, cseq));
    return new UpdatePlan(null, events, List.of());
  }

  /** BindingExpired for every binding whose time is up at {@code now}. */
  static List<AorEvent> expired(AorState state, long now) {
    List<AorEvent> events = new ArrayList<>();
    for (int i = 0; i < state.size(); i++) {
      Binding b = state.get(i);
      if (!b.isActiveAt(now)) {
        events.add(new BindingExpired(b.ref()));
      }
    }
    return events;
  }

  private static AorState apply(AorState state, List<AorEvent> events) {
    for (AorEvent e : events) {
      state = state.apply(e);
    }
    return state;
  }

  private static AorEvent change(Binding old, ContactUpdate u, Request r, long now, AorSettings settings,
      List<Binding> inMemory) {
    if (old == null) {
      return u.expiresSeconds() == 0 ? null : new BindingAdded(bind(u, r, now, now, settings));
    }
    if (u.expiresSeconds() == 0) {
      return new BindingRemoved(old.ref());
    }
    long expiresAt = now + u.expiresSeconds() * 1000;
    boolean sameCall = old.callId().equals(r.callId());
    if (expiresAt <= old.leaseUntil() && sameData(old, u, r)) {
      // The lease already written covers this refresh: after a failover the binding outlives
      // expiresAt, it never falls short of it. Nothing to write. A new Call-ID (a UA that
      // restarted, or one that ignores RFC 3261 §10.2.4's SHOULD keep it) is kept in memory like
      // the CSeq: after a failover the stored one orders requests again.
      inMemory.add(old.refreshedInMemory(expiresAt, r.callId(), r.cseq()));
      return null;
    }
    Binding next = bind(u, r, now, sameCall ? old.registeredAt() : now, settings);
    return sameCall && next.ref().equals(old.ref()) ? new BindingRefreshed(next) : new BindingReplaced(old.ref(), next);
  }

  private static Binding bind(ContactUpdate u, Request r, long now, long registeredAt, AorSettings settings) {
    long expiresAt = now + u.expiresSeconds() * 1000;
    long lease = Math.max(expiresAt, settings.leaseUntil(now, u.expiresSeconds()));
    return new Binding(u.contact(), u.q(), u.params(), expiresAt, lease, r.callId(), r.cseq(), r.flowId(), r.path(),
        u.instanceId(), u.regId(), r.received(), registeredAt, r.userAgent(), u.behindNat());
  }

  /**
   * Whether everything but expiry and CSeq is what the stored binding says. A new User-Agent (a
   * firmware update) is written: it is rare, and an operator looks for it. So is a UA that moved
   * behind a NAT or out from behind one.
   */
  private static boolean sameData(Binding b, ContactUpdate u, Request r) {
    return b.contact().equals(u.contact()) && b.q() == u.q() && b.params().equals(u.params())
        && Objects.equals(b.instanceId(), u.instanceId()) && b.regId() == u.regId()
        && Objects.equals(b.flowId(), r.flowId()) && Objects.equals(b.received(), r.received())
        && Objects.equals(b.userAgent(), r.userAgent() == null || r.userAgent().isEmpty() ? null : r.userAgent())
        && b.path().equals(r.path() == null ? List.of() : r.path())
        && Boolean.valueOf(u.behindNat()).equals(b.behindNat()); // unknown (stored before) is written once
  }
}
