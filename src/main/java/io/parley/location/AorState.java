package io.parley.location;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.parley.common.CborSerializable;
import io.parley.location.AorEvent.AllBindingsRemoved;
import io.parley.location.AorEvent.BindingAdded;
import io.parley.location.AorEvent.BindingExpired;
import io.parley.location.AorEvent.BindingRefreshed;
import io.parley.location.AorEvent.BindingRemoved;
import io.parley.location.AorEvent.BindingReplaced;
import io.parley.location.AorEvent.BindingsCheckpointed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The bindings of one address-of-record: a bare array (an AOR has a handful at most, so a scan
 * beats any map, and an empty AOR is one shared object).
 *
 * <p>Events produce new states. The one exception is {@link #refreshInMemory}: a refresh covered
 * by the persisted lease replaces its binding in place, with no event (see {@link AorEntity}).
 * That is safe for a snapshot taken meanwhile: each array slot holds an immutable {@link
 * Binding}, either version is correct, and recovery raises every expiry to its lease anyway.
 */
public final class AorState implements CborSerializable {

  public static final AorState EMPTY = new AorState(new Binding[0]);

  private static final Comparator<Binding> ORDER = Comparator.comparingInt(Binding::sortQ).reversed()
      .thenComparing(Comparator.comparingLong(Binding::registeredAt).reversed())
      .thenComparing(Binding::contact);

  private final Binding[] bindings;
  /**
   * Whether each binding's expiry is the one its registrar granted, though the journal may hold
   * only its lease: true only for the state a parked AOR left on its node ({@link ParkedAors}),
   * and lost with the first event applied to it. Never serialized.
   */
  @JsonIgnore
  private final boolean expiriesKept;

  private AorState(Binding[] bindings) {
    this(bindings, false);
  }

  private AorState(Binding[] bindings, boolean expiriesKept) {
    this.bindings = bindings;
    this.expiriesKept = expiriesKept;
  }

  /** The state a parked AOR left on its node: its expiries are the granted ones ({@link #expiriesKept()}). */
  static AorState parked(List<Binding> bindings) {
    return bindings.isEmpty() ? EMPTY : new AorState(bindings.toArray(new Binding[0]), true);
  }

  /**
   * Whether the expiries are the granted ones even where the journal holds only a lease: a
   * recovery from the journal alone raises each expiry to its lease (RFC 3261 §10.2.1 soft
   * state), one from the state a parked AOR left on its node must not.
   */
  @JsonIgnore
  boolean expiriesKept() {
    return expiriesKept;
  }

  @JsonCreator
  static AorState of(@JsonProperty("bindings") List<Binding> bindings) {
    return bindings == null || bindings.isEmpty() ? EMPTY : new AorState(bindings.toArray(new Binding[0]));
  }

  /** Every stored binding, expired or not, in storage order. */
  @JsonProperty("bindings")
  public List<Binding> bindings() {
    return List.of(bindings.clone());
  }

  /** The bindings still active at {@code nowMillis}, highest q first, then the newest. */
  public List<Binding> active(long nowMillis) {
    List<Binding> out = new ArrayList<>(bindings.length);
    for (Binding b : bindings) {
      if (b.isActiveAt(nowMillis)) {
        out.add(b);
      }
    }
    out.sort(ORDER);
    return out;
  }

  @JsonIgnore
  public boolean isEmpty() {
    return bindings.length == 0;
  }

  public int size() {
    return bindings.length;
  }

  Binding get(int index) {
    return bindings[index];
  }

  /** The earliest expiry of any binding, or {@link Long#MAX_VALUE} when there is none. */
  long earliestExpiry() {
    long earliest = Long.MAX_VALUE;
    for (Binding b : bindings) {
      earliest = Math.min(earliest, b.expiresAt());
    }
    return earliest;
  }

  int indexOf(BindingRef ref) {
    for (int i = 0; i < bindings.length; i++) {
      if (bindings[i].is(ref)) {
        return i;
      }
    }
    return -1;
  }

  /** The active binding a REGISTER's contact names (RFC 3261 §10.3 step 7), or null. */
  Binding matching(ContactUpdate update, long nowMillis) {
    for (Binding b : bindings) {
      if (b.isActiveAt(nowMillis) && b.matches(update)) {
        return b;
      }
    }
    return null;
  }

  /** The state after {@code event}: the event handler. */
  AorState apply(AorEvent event) {
    if (event instanceof BindingAdded e) {
      Binding[] next = Arrays.copyOf(bindings, bindings.length + 1);
      next[bindings.length] = e.binding();
      return new AorState(next);
    } else if (event instanceof BindingRefreshed e) {
      return replace(e.binding().ref(), e.binding());
    } else if (event instanceof BindingReplaced e) {
      return replace(e.previous(), e.binding());
    } else if (event instanceof BindingRemoved e) {
      return remove(e.binding());
    } else if (event instanceof BindingExpired e) {
      return remove(e.binding());
    } else if (event instanceof AllBindingsRemoved) {
      return EMPTY;
    } else if (event instanceof BindingsCheckpointed e) {
      AorState next = this;
      for (Binding b : e.bindings()) {
        next = next.indexOf(b.ref()) < 0 ? next : next.replace(b.ref(), b);
      }
      return next;
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  private AorState replace(BindingRef ref, Binding binding) {
    int i = indexOf(ref);
    if (i < 0) {
      throw new IllegalStateException("no binding " + ref + " to replace");
    }
    Binding[] next = bindings.clone();
    next[i] = binding;
    return new AorState(next);
  }

  private AorState remove(BindingRef ref) {
    int i = indexOf(ref);
    if (i < 0) {
      // Idempotent: a removal of something already gone changes nothing.
      return this;
    }
    if (bindings.length == 1) {
      return EMPTY;
    }
    Binding[] next = new Binding[bindings.length - 1];
    System.arraycopy(bindings, 0, next, 0, i);
    System.arraycopy(bindings, i + 1, next, i, bindings.length - i - 1);
    return new AorState(next);
  }

  /** Whether every binding's stored lease is its true expiry: nothing a checkpoint would change. */
  boolean allLeasesExact() {
    for (Binding b : bindings) {
      if (b.leaseUntil() != b.expiresAt()) {
        return false;
      }
    }
    return true;
  }

  /** The bindings as {@link AorEvent.BindingsCheckpointed} writes them. */
  List<Binding> checkpoint() {
    List<Binding> out = new ArrayList<>(bindings.length);
    for (Binding b : bindings) {
      out.add(b.checkpointed());
    }
    return out;
  }

  /**
   * Replaces a binding without an event: a refresh within its persisted lease, or the raise of
   * an expiry to its lease after recovery. Only {@link AorEntity} calls it, on its own thread.
   */
  void refreshInMemory(BindingRef ref, Binding binding) {
    int i = indexOf(ref);
    if (i >= 0) {
      bindings[i] = binding;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AorState s && Arrays.equals(bindings, s.bindings);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bindings);
  }

  @Override
  public String toString() {
    return "AorState" + Arrays.toString(bindings);
  }
}
