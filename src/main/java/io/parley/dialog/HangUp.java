package io.parley.dialog;

import java.util.Locale;

/** Who or what ended a call, as its CDR records it. */
public enum HangUp {
  /** The caller: a BYE from the caller, or a CANCEL before the answer (a missed call). */
  CALLER,
  /** The callee: a BYE from the callee, or a final non-2xx answer (a failed call). */
  CALLEE,
  /** This proxy: no branch answered (408, 480, 503 and the like made here). */
  PROXY,
  /** {@code parley.dialog.max-duration} expired: Parley sent BYE both ways. */
  MAX_DURATION,
  /** The in-dialog OPTIONS pings went unanswered: Parley sent BYE both ways. */
  PING_TIMEOUT,
  /** The session timer (RFC 4028 §10) expired without a refresh: Parley sent BYE both ways. */
  SESSION_EXPIRED,
  /** An operator ended it ({@code DELETE /dialogs/{callId}}): Parley sent BYE both ways. */
  OPERATOR;

  /** The name in CDRs and JSON: lower case, words joined by '-'. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The value {@link #label()} names. */
  public static HangUp ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
