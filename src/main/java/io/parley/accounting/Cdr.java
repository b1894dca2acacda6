package io.parley.accounting;

import io.parley.dialog.CallEnded;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogLeg;
import java.time.Instant;
import java.util.Objects;

/**
 * A call detail record: one call attempt, answered or not (a missed or failed call has no answer
 * time, a duration of 0 and its final non-2xx status), as OpenSIPS' and Kamailio's {@code acc}
 * modules write them, missed calls included.
 *
 * @param callId the Call-ID
 * @param caller the From URI
 * @param callee the To URI
 * @param originalUri the Request-URI of the INVITE as it arrived
 * @param finalUri the Request-URI of the branch that answered, or the last one tried; may be null
 * @param fromTag the caller's tag
 * @param toTag the callee's tag; null if no one answered
 * @param setup when the INVITE arrived
 * @param answer when the 2xx arrived; null for a call not answered
 * @param end when the call ended (the BYE, or the final non-2xx)
 * @param durationSeconds from answer to end, rounded; 0 for a call not answered
 * @param status the final status of the INVITE
 * @param reason its reason phrase, or what ended an answered call
 * @param endedBy who or what ended it ({@link io.parley.dialog.HangUp#label()}; "unknown" if the call did not say)
 * @param node the node that held the call
 */
public record Cdr(String callId, String caller, String callee, String originalUri, String finalUri,
    String fromTag, String toTag, Instant setup, Instant answer, Instant end, long durationSeconds, int status,
    String reason, String endedBy, String node) {

  private static final DialogLeg NO_LEG = new DialogLeg(null, null, null, null, 0, null);

  public Cdr {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(setup, "setup");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(endedBy, "endedBy");
  }

  /** The record of {@code call}; {@code node} where the dialog names none. */
  public static Cdr of(CallEnded call, String node) {
    DialogInfo d = call.dialog();
    // a leg may be missing for a call refused before anyone answered: its fields stay empty
    DialogLeg from = d.caller() == null ? NO_LEG : d.caller();
    DialogLeg to = d.callee() == null ? NO_LEG : d.callee();
    return new Cdr(d.callId(), from.uri(), to.uri(), d.originalUri(), d.finalUri(), from.tag(), to.tag(),
        Instant.ofEpochMilli(d.setupMillis()),
        d.answerMillis() == 0 ? null : Instant.ofEpochMilli(d.answerMillis()), Instant.ofEpochMilli(call.endMillis()),
        call.durationSeconds(), call.status(), call.reason(),
        call.endedBy() == null ? "unknown" : call.endedBy().label(),
        d.node() == null || d.node().isEmpty() ? node : d.node());
  }

  public boolean answered() {
    return answer != null;
  }
}
