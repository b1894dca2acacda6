package io.parley.nat;

/** Where a binding goes that stopped answering its keepalives: its AOR, which removes it. */
@FunctionalInterface
public interface KeepaliveFailures {

  /** {@code target} of {@code aor} left {@code missed} pings in a row unanswered. */
  void unanswered(String aor, KeepaliveTarget target, int missed);
}
