package io.parley.location;

import io.parley.common.CborSerializable;

/**
 * The bindings of {@code aor} changed in a way a node's {@link BindingsCache} cannot see for
 * itself (a binding added, removed or altered, or an expiry brought forward): every node drops
 * what it holds of that AOR. Sent over the cluster by {@link io.parley.cluster.ChangeNotices}.
 */
public record BindingsChanged(String aor) implements CborSerializable {}
