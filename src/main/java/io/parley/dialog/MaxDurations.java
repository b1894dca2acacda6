package io.parley.dialog;

import java.time.Duration;

/**
 * A subscriber's own limit on call duration, overriding {@code parley.dialog.max-duration} for
 * the calls it makes or takes. Called on actor threads: answers from memory, never blocks.
 */
@FunctionalInterface
public interface MaxDurations {
  /** No subscriber has a limit of its own. */
  MaxDurations NONE = aor -> null;

  /** The max duration of {@code aor}'s calls (a canonical AOR, {@code user@domain}), or null for the default. */
  Duration of(String aor);
}
