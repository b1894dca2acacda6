package io.parley.dialog;

/** The two ends of a dialog, as the proxy in the middle names them. */
public enum Side {
  /** The UA that sent the INVITE (its From). */
  CALLER,
  /** The UA that answered it (its To). */
  CALLEE;

  public Side other() {
    return this == CALLER ? CALLEE : CALLER;
  }
}
