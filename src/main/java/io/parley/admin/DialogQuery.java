package io.parley.admin;

import io.parley.dialog.DialogInfo;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

/**
 * Which dialogs a listing wants ({@code GET /dialogs?state=&caller=&callee=&domain=}, or one
 * Call-ID for {@code GET /dialogs/{callId}}): sent to every node, which filters what it holds
 * itself, so only the matching dialogs cross the cluster. Null fields match everything; the
 * text fields are lower case.
 *
 * @param state {@code early} or {@code confirmed}
 * @param caller a part of the From URI
 * @param callee a part of the To URI
 * @param domain the host of either URI
 * @param callId one Call-ID, compared exactly
 */
public record DialogQuery(String state, String caller, String callee, String domain, String callId) {
  /** Newest first, then by Call-ID: the order of every listing, on one node or merged from all. */
  public static final Comparator<DialogInfo> NEWEST_FIRST =
      Comparator.comparingLong(DialogInfo::setupMillis).reversed().thenComparing(DialogInfo::callId);

  public DialogQuery {
    if (state != null && !state.equals("early") && !state.equals("confirmed")) {
      throw new IllegalArgumentException("state must be early or confirmed, was " + state);
    }
  }

  /** The query of a listing's parameters; a bad state is an {@link IllegalArgumentException} (400). */
  static DialogQuery of(Map<String, String> q) {
    return new DialogQuery(empty(q.get("state")), lower(q.get("caller")), lower(q.get("callee")),
        lower(q.get("domain")), null);
  }

  /** The dialog of one Call-ID. */
  static DialogQuery callId(String callId) {
    return new DialogQuery(null, null, null, null, callId);
  }

  public boolean matches(DialogInfo d) {
    return (callId == null || d.callId().equals(callId))
        && (state == null || d.state().label().equals(state))
        && (caller == null || d.caller().uri().toLowerCase(Locale.ROOT).contains(caller))
        && (callee == null || d.callee().uri().toLowerCase(Locale.ROOT).contains(callee))
        && (domain == null || host(d.caller().uri()).equals(domain) || host(d.callee().uri()).equals(domain));
  }

  private static String empty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String lower(String s) {
    return s == null || s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
  }

  /** The host of a SIP URI as text: between '@' (or the scheme) and the port or parameters. */
  static String host(String uri) {
    int at = uri.indexOf('@');
    int start = at >= 0 ? at + 1 : uri.indexOf(':') + 1;
    int end = start;
    while (end < uri.length() && ":;?>".indexOf(uri.charAt(end)) < 0) {
      end++;
    }
    return uri.substring(start, end).toLowerCase(Locale.ROOT);
  }
}
