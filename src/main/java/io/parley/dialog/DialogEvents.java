package io.parley.dialog;

/**
 * Where a node's call entities report their dialogs: the store that persists confirmed dialogs,
 * the CDR writer, the node's list of live dialogs. Called on actor threads: an implementation
 * only hands the event on (a queue, a map) and never blocks.
 */
public interface DialogEvents {
  /** A 2xx to the INVITE established the dialog (RFC 3261 §12.1). */
  void confirmed(DialogInfo dialog);

  /** A dialog changed state without ending: early, or refreshed (a re-INVITE, a new CSeq). */
  default void changed(DialogInfo dialog) {}

  /** A call attempt is over, answered or not. */
  void ended(CallEnded call);

  /** Hands every event to each of {@code listeners}, in order. */
  static DialogEvents all(DialogEvents... listeners) {
    return new DialogEvents() {
      @Override
      public void confirmed(DialogInfo dialog) {
        for (DialogEvents l : listeners) {
          l.confirmed(dialog);
        }
      }

      @Override
      public void changed(DialogInfo dialog) {
        for (DialogEvents l : listeners) {
          l.changed(dialog);
        }
      }

      @Override
      public void ended(CallEnded call) {
        for (DialogEvents l : listeners) {
          l.ended(call);
        }
      }
    };
  }
}
