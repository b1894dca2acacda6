package io.parley.app;

import io.parley.dialog.CallEnded;
import io.parley.dialog.DialogEvents;
import io.parley.dialog.DialogInfo;

/**
 * The CDR writer as the call entities report to it, less the warm-up's own calls: those whose
 * Call-ID carries the warm-up's token, while it runs. The token is random for each start, and
 * while the warm-up runs the node takes no one else's messages ({@link WarmUp}), so no caller can
 * hide a call from accounting this way.
 */
final class WarmUpCalls implements DialogEvents {
  private final DialogEvents records;
  private volatile String token;

  WarmUpCalls(DialogEvents records) {
    this.records = records;
  }

  /** From now, the calls whose Call-ID holds {@code token} are the warm-up's. */
  void during(String token) {
    this.token = token;
  }

  /** Every call is recorded again. */
  void over() {
    token = null;
  }

  private boolean warmUp(String callId) {
    String t = token;
    return t != null && callId.startsWith(t);
  }

  @Override
  public void confirmed(DialogInfo dialog) {
    if (!warmUp(dialog.callId())) {
      records.confirmed(dialog);
    }
  }

  @Override
  public void changed(DialogInfo dialog) {
    if (!warmUp(dialog.callId())) {
      records.changed(dialog);
    }
  }

  @Override
  public void ended(CallEnded call) {
    if (!warmUp(call.dialog().callId())) {
      records.ended(call);
    }
  }
}
