/**
 * The location service (RFC 3261 §10): the bindings of each address-of-record, held by an
 * event-sourced {@link io.parley.location.AorEntity} sharded by the normalized AOR.
 *
 * <p>The registrar maps a parsed REGISTER onto {@link io.parley.location.AorEntity.UpdateBindings}
 * or {@link io.parley.location.AorEntity.RemoveAll} and answers from the
 * {@link io.parley.location.UpdateResult}; the proxy asks {@link
 * io.parley.location.AorEntity.GetBindings} for the targets of a request, and keeps the answers
 * in the node's {@link io.parley.location.BindingsCache}, which the entities tell of changes
 * (so most calls do not cross to the AOR's node). Contacts are plain
 * strings in their wire form, so this package needs nothing of the message layer's typed
 * headers. {@link io.parley.location.AorWaker} starts AOR entities after a node start or loss,
 * so their bindings expire on time. An operator's view: {@link
 * io.parley.location.AorEntity.GetRegistration} (the bindings and the node that holds them),
 * {@link io.parley.location.AorEntity.RemoveBindings}, and {@link io.parley.location.JournalAors}
 * (the journal's AOR ids, a page at a time). Settings: {@code parley.registrar}
 * ({@link io.parley.location.AorSettings}).
 */
package io.parley.location;
