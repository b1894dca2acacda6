package io.parley.call;

import io.parley.dialog.CallCounts;
import io.parley.dialog.DialogEvents;
import io.parley.dialog.DialogSettings;
import io.parley.dialog.MaxDurations;

/**
 * What the call entities of a node need to track dialogs: the settings, where they report, the
 * node's name for the dialogs they hold, the node's count of calls per subscriber and domain, and
 * the subscribers' own max durations; and the store that keeps a confirmed dialog across a
 * restart of its node, told of it once it has lasted {@link DialogSettings#persistAfter()}
 * (confirmed, changed while kept, ended once kept).
 */
public record DialogServices(DialogSettings settings, DialogEvents events, String node, CallCounts counts,
    MaxDurations maxDurations, DialogEvents store) {
  /** Nothing kept across a restart. */
  private static final DialogEvents NO_STORE = DialogEvents.all();

  public DialogServices(DialogSettings settings, DialogEvents events, String node, CallCounts counts) {
    this(settings, events, node, counts, MaxDurations.NONE);
  }

  public DialogServices(DialogSettings settings, DialogEvents events, String node, CallCounts counts,
      MaxDurations maxDurations) {
    this(settings, events, node, counts, maxDurations, NO_STORE);
  }

  /** No dialog tracking: a plain stateful proxy. */
  public static final DialogServices OFF = new DialogServices(
      new DialogSettings(false, DialogSettings.DEFAULT.maxDuration(), DialogSettings.DEFAULT.pingInterval(),
          DialogSettings.DEFAULT.minSessionExpires(), 0, 0),
      DialogEvents.all(), "", new CallCounts(0, 0));
}
