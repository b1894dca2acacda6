package io.parley.dialog;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls (ringing or answered) each subscriber and each domain of ours is in on this node,
 * against {@code parley.dialog.max-calls-per-subscriber} and {@code max-calls-per-domain}: a call
 * takes its places when its INVITE arrives and gives them back when it ends. Only keys with a
 * call in progress are held. Thread-safe; one per node.
 */
public final class CallCounts {
  /** Why a call was refused; null from {@link #take} when it was not. */
  public record Refusal(int status, String reason) {}

  public static final Refusal CALLER_LIMIT = new Refusal(403, "Caller Call Limit Reached");
  public static final Refusal CALLEE_LIMIT = new Refusal(486, "Callee Call Limit Reached");
  public static final Refusal DOMAIN_LIMIT = new Refusal(403, "Domain Call Limit Reached");

  private final int perSubscriber;
  private final int perDomain;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  public CallCounts(int perSubscriber, int perDomain) {
    this.perSubscriber = perSubscriber;
    this.perDomain = perDomain;
  }

  /** Whether any limit is set (else nothing is counted). */
  public boolean limits() {
    return perSubscriber > 0 || perDomain > 0;
  }

  /**
   * Takes a place for a call of {@code caller} (a subscriber AOR of ours, or null) to
   * {@code callee} (likewise), in their domains; all or nothing.
   *
   * @return null and the keys taken in {@code taken}, or the refusal (nothing taken)
   */
  public Refusal take(String caller, String callee, List<String> taken) {
    if (!limits()) {
      return null;
    }
    if (caller != null && !take("u:" + caller, perSubscriber, taken)) {
      return refuse(taken, CALLER_LIMIT);
    }
    if (caller != null && !take("d:" + domain(caller), perDomain, taken)) {
      return refuse(taken, DOMAIN_LIMIT);
    }
    if (callee != null && !callee.equals(caller)) {
      if (!take("u:" + callee, perSubscriber, taken)) {
        return refuse(taken, CALLEE_LIMIT);
      }
      String d = domain(callee);
      if (caller == null || !d.equals(domain(caller))) {
        if (!take("d:" + d, perDomain, taken)) {
          return refuse(taken, DOMAIN_LIMIT);
        }
      }
    }
    return null;
  }

  /** Gives back what {@link #take} took. */
  public void release(List<String> taken) {
    for (String key : taken) {
      counts.computeIfPresent(key, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
    taken.clear();
  }

  /** The calls {@code aor} is in on this node. */
  public int subscriberCalls(String aor) {
    AtomicInteger n = counts.get("u:" + aor);
    return n == null ? 0 : n.get();
  }

  private boolean take(String key, int limit, List<String> taken) {
    if (limit <= 0) {
      return true;
    }
    boolean[] ok = {false};
    counts.compute(key, (k, n) -> {
      AtomicInteger c = n == null ? new AtomicInteger() : n;
      if (c.get() < limit) {
        c.incrementAndGet();
        ok[0] = true;
      }
      return c.get() == 0 ? null : c;
    });
    if (ok[0]) {
      taken.add(key);
    }
    return ok[0];
  }

  private Refusal refuse(List<String> taken, Refusal why) {
    release(taken);
    return why;
  }

  private static String domain(String aor) {
    int at = aor.lastIndexOf('@');
    return at < 0 ? aor : aor.substring(at + 1);
  }
}
