package io.parley.dialog;

/**
 * What is known of one dialog, immutable: what {@code GET /dialogs/{callId}} shows, what the
 * store persists when the dialog is confirmed (so another node can end it, RFC 3261 §12), and
 * what a CDR is made of.
 *
 * @param callId the Call-ID
 * @param state its state now
 * @param caller the side that sent the INVITE (From)
 * @param callee the side that answered (To); its tag is null while no one has
 * @param originalUri the Request-URI of the INVITE as it arrived
 * @param finalUri the Request-URI of the branch that answered (the contact reached); null while none
 * @param setupMillis when the INVITE arrived, epoch milliseconds
 * @param answerMillis when the 2xx arrived, epoch milliseconds; 0 while unanswered
 * @param deadlineMillis when {@code parley.dialog.max-duration} ends it, epoch milliseconds; 0: never
 * @param node the node that holds it ({@code host:port} of its cluster address)
 * @param home the home of its call entity ({@code cluster/HomeShards}): where the dialog's
 *     requests and responses go, on whichever node; null when not known (a row written before
 *     homes), which the node reading it takes for its own
 * @param sessionMillis the session interval both ends agreed (RFC 4028 §9, §10); 0: no session timer
 * @param sessionExpiresAt when the session expires unless refreshed (RFC 4028 §10), epoch
 *     milliseconds; 0: never. Stored with the dialog, so the node that takes it over ends it then
 */
public record DialogInfo(String callId, DialogState state, DialogLeg caller, DialogLeg callee, String originalUri,
    String finalUri, long setupMillis, long answerMillis, long deadlineMillis, String node, String home,
    long sessionMillis, long sessionExpiresAt) {

  /** A dialog without a session timer. */
  public DialogInfo(String callId, DialogState state, DialogLeg caller, DialogLeg callee, String originalUri,
      String finalUri, long setupMillis, long answerMillis, long deadlineMillis, String node, String home) {
    this(callId, state, caller, callee, originalUri, finalUri, setupMillis, answerMillis, deadlineMillis, node, home,
        0, 0);
  }

  /** A dialog whose home is not known. */
  public DialogInfo(String callId, DialogState state, DialogLeg caller, DialogLeg callee, String originalUri,
      String finalUri, long setupMillis, long answerMillis, long deadlineMillis, String node) {
    this(callId, state, caller, callee, originalUri, finalUri, setupMillis, answerMillis, deadlineMillis, node, null);
  }

  public DialogInfo withState(DialogState newState) {
    return new DialogInfo(callId, newState, caller, callee, originalUri, finalUri, setupMillis, answerMillis,
        deadlineMillis, node, home, sessionMillis, sessionExpiresAt);
  }

  /** Call-ID, From tag and To tag: the dialog's id (RFC 3261 §12). */
  public String id() {
    return callId + ";" + caller.tag() + ";" + (callee.tag() == null ? "" : callee.tag());
  }
}
