package io.parley.dialog;

import java.util.List;

/** Dialogs and ended calls made up for tests, every address on 127.0.0.1. */
public final class TestDialogs {
  private TestDialogs() {}

  /** A confirmed dialog of {@code callId} from {@code caller}, set up at {@code setup}, answered 2 s later. */
  public static DialogInfo confirmed(String callId, String caller, long setup) {
    DialogLeg from = new DialogLeg("sip:" + caller, "ft-" + callId, "<sip:a@127.0.0.1:5071>",
        List.of("<sip:127.0.0.1:5060;lr>"), 1, "udp 127.0.0.1 5071");
    DialogLeg to = new DialogLeg("sip:bob@example.com", "tt-" + callId, "<sip:b@127.0.0.1:5072>", List.of(), 0,
        "udp 127.0.0.1 5072");
    return new DialogInfo(callId, DialogState.CONFIRMED, from, to, "sip:bob@example.com",
        "sip:b@127.0.0.1:5072", setup, setup + 2000, setup + 3_600_000, "127.0.0.1:25520");
  }

  /** The same call, hung up by the caller {@code seconds} after the answer. */
  public static CallEnded hungUp(DialogInfo d, long seconds) {
    return new CallEnded(d.withState(DialogState.TERMINATED), d.answerMillis() + seconds * 1000, 200, "BYE",
        HangUp.CALLER);
  }

  /** A call from {@code caller} that was never answered: {@code status} at {@code setup} + 1 s. */
  public static CallEnded failed(String callId, String caller, long setup, int status, String reason, HangUp by) {
    DialogLeg from = new DialogLeg("sip:" + caller, "ft-" + callId, null, List.of(), 1, "udp 127.0.0.1 5071");
    DialogLeg to = new DialogLeg("sip:bob@example.com", null, null, List.of(), 0, null);
    DialogInfo d = new DialogInfo(callId, DialogState.TERMINATED, from, to, "sip:bob@example.com", null, setup, 0, 0,
        "127.0.0.1:25520");
    return new CallEnded(d, setup + 1000, status, reason, by);
  }
}
