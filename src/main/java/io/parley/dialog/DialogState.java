package io.parley.dialog;

/** RFC 3261 §12: a dialog is early until a 2xx confirms it, and terminated once it has ended. */
public enum DialogState {
  EARLY,
  CONFIRMED,
  TERMINATED;

  /** The lower-case name the management API and the CDRs use. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
