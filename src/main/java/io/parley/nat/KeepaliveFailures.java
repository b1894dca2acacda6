package io.parley.nat;

/**
 * The AORs, as the pinger reaches them: a binding that stopped answering its keepalives goes to
 * its AOR, which removes it; an AOR whose shard left this node is woken where the shard went, so
 * that its new owner pings it (a parked AOR's entity would not otherwise start there until its
 * next request or expiry).
 */
public interface KeepaliveFailures {

  /** {@code target} of {@code aor} left {@code missed} pings in a row unanswered. */
  void unanswered(String aor, KeepaliveTarget target, int missed);

  /** {@code aor}'s shard left this node: start its entity where the shard is now. */
  void moved(String aor);
}
