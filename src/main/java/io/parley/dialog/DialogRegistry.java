package io.parley.dialog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live dialogs of this node, by Call-ID, as their call entities last reported them: what
 * {@code GET /dialogs} lists and what {@code parley_dialogs_active{state}} counts. An entity puts
 * its dialog here when it changes and removes it when it ends, so the map holds only what the
 * node's entities hold (no more memory than the dialogs themselves, a reference each).
 * Thread-safe; one per node.
 */
public final class DialogRegistry implements DialogEvents {
  private final Map<String, DialogInfo> live = new ConcurrentHashMap<>();
  private final Map<DialogState, LongAdder> byState = new EnumMap<>(DialogState.class);

  public DialogRegistry() {
    for (DialogState s : DialogState.values()) {
      byState.put(s, new LongAdder());
    }
  }

  @Override
  public void confirmed(DialogInfo dialog) {
    put(dialog);
  }

  @Override
  public void changed(DialogInfo dialog) {
    put(dialog);
  }

  @Override
  public void ended(CallEnded call) {
    DialogInfo old = live.remove(call.dialog().callId());
    if (old != null) {
      byState.get(old.state()).decrement();
    }
  }

  private void put(DialogInfo dialog) {
    DialogInfo old = live.put(dialog.callId(), dialog);
    if (old != null) {
      byState.get(old.state()).decrement();
    }
    byState.get(dialog.state()).increment();
  }

  /** The dialog of {@code callId} held on this node, or null. */
  public DialogInfo get(String callId) {
    return live.get(callId);
  }

  /** Every dialog held on this node, in no particular order (a copy). */
  public List<DialogInfo> all() {
    return new ArrayList<>(live.values());
  }

  /** The dialogs held on this node, live view. */
  public Collection<DialogInfo> view() {
    return live.values();
  }

  /** How many dialogs in {@code state} this node holds. */
  public long count(DialogState state) {
    return byState.get(state).sum();
  }
}
