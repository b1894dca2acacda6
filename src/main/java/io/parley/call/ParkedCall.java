package io.parley.call;

import io.parley.dialog.DialogInfo;
import io.parley.transaction.Destination;
import org.apache.pekko.actor.Cancellable;

/**
 * What a call entity keeps of its confirmed dialog while it is parked: the dialog, its session
 * (RFC 4028 §10), whether the store has it, the call counts it holds, and, for a connection, the
 * way to each side. A UDP side's way is found again from its flow when the entity wakes, so a
 * parked call holds no addresses of its own. Written by the entity before it stops, read by the
 * next one; the parked-call map hands it over.
 */
final class ParkedCall {
  final DialogInfo info;
  final long sessionMillis;
  final long sessionExpiresAt;
  final boolean kept;
  /** The keys of {@link io.parley.dialog.CallCounts} this call took; null: none. */
  final String[] counted;
  /** Null: found again from the caller's flow. */
  final Destination callerWay;
  /** Null: found again from the callee's flow. */
  final Destination calleeWay;
  /** The wake-up at the dialog's next timeout; null while none is set. */
  volatile Cancellable wake;

  ParkedCall(DialogInfo info, long sessionMillis, long sessionExpiresAt, boolean kept, String[] counted,
      Destination callerWay, Destination calleeWay) {
    this.info = info;
    this.sessionMillis = sessionMillis;
    this.sessionExpiresAt = sessionExpiresAt;
    this.kept = kept;
    this.counted = counted;
    this.callerWay = callerWay;
    this.calleeWay = calleeWay;
  }
}
