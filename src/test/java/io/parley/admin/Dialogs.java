package io.parley.admin;

import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogLeg;
import io.parley.dialog.DialogState;
import java.util.List;

/** Dialogs as a call entity would report them, for the tests of the dialog listings. */
final class Dialogs {
  private Dialogs() {}

  static DialogInfo confirmed(String callId, String caller, String callee, long setupMillis, String node) {
    return new DialogInfo(callId, DialogState.CONFIRMED,
        new DialogLeg("sip:" + caller, "tag-" + callId, "<sip:" + caller + ":5070>", List.of(), 1, "udp:127.0.0.1:5070"),
        new DialogLeg("sip:" + callee, "ans-" + callId, "<sip:" + callee + ":5080>",
            List.of("<sip:127.0.0.1:5060;lr>"), 2, "udp:127.0.0.1:5080"),
        "sip:" + callee, "sip:" + callee + ":5080", setupMillis, setupMillis + 1_000, setupMillis + 3_600_000, node);
  }

  /** Ringing: the callee has no tag, contact or route set yet, nothing answered, no deadline. */
  static DialogInfo early(String callId, String caller, String callee, long setupMillis, String node) {
    return new DialogInfo(callId, DialogState.EARLY,
        new DialogLeg("sip:" + caller, "tag-" + callId, "<sip:" + caller + ":5070>", List.of(), 1, "udp:127.0.0.1:5070"),
        new DialogLeg("sip:" + callee, null, null, null, 0, null), "sip:" + callee, null, setupMillis, 0, 0, node);
  }
}
