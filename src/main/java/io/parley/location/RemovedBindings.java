package io.parley.location;

import io.parley.common.CborSerializable;

/**
 * The answer to an operator's removal ({@link AorEntity.RemoveBindings}): how many active
 * bindings went; 0 when the AOR had none, or none with the contact named.
 */
public record RemovedBindings(int removed) implements CborSerializable {}
