package io.parley.location;

import io.parley.common.CborSerializable;
import java.util.List;

/** The answer of an {@link AorEntity} to one REGISTER's changes. */
public sealed interface UpdateResult extends CborSerializable {

  /**
   * The changes are stored; {@code bindings} are the AOR's current bindings, highest q first,
   * for the Contact header fields of the 200 OK (RFC 3261 §10.3 step 8).
   */
  record Updated(List<Binding> bindings) implements UpdateResult {
    public Updated {
      bindings = List.copyOf(bindings);
    }
  }

  /**
   * The REGISTER carried the Call-ID of an existing binding with a CSeq not higher than the one
   * stored: it is older than what was applied, and nothing was changed (RFC 3261 §10.3 steps 6
   * and 7: "the update MUST be aborted and the request fails"; the registrar answers 500).
   *
   * @param contact the stored contact that refused it
   * @param storedCseq the CSeq stored for it
   */
  record OutOfOrder(String contact, long storedCseq) implements UpdateResult {}

  /**
   * The request would raise the number of bindings past the limit ({@code parley.registrar.
   * max-contacts}); nothing was changed. The registrar answers 403 (or 503 with Retry-After).
   */
  record TooManyBindings(int maxContacts) implements UpdateResult {}
}
