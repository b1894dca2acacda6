package io.parley.dialog;

/**
 * A call attempt is over: answered and hung up, or never answered (a missed or failed call). One
 * for every INVITE that opened a dialog attempt; what a CDR records.
 *
 * @param dialog the dialog as it ended (state {@link DialogState#TERMINATED}); its answer time is
 *     0 and its callee tag may be null when it was never answered
 * @param endMillis when it ended, epoch milliseconds
 * @param status the final status of the INVITE (200 for an answered call, else the non-2xx sent
 *     upstream: 487 after a CANCEL, 486, 408 ...)
 * @param reason its reason phrase, or for an answered call what ended it ("BYE", "max duration")
 * @param endedBy who or what ended it
 */
public record CallEnded(DialogInfo dialog, long endMillis, int status, String reason, HangUp endedBy) {

  /** Seconds from answer to end; 0 for a call never answered. */
  public long durationSeconds() {
    long answered = dialog.answerMillis();
    return answered == 0 ? 0 : Math.max(0, (endMillis - answered + 500) / 1000);
  }
}
