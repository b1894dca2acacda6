package io.parley.auth;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who is trusted (Kamailio's {@code permissions} module, {@code allow_source_address}): the
 * networks of {@code parley.trusted-peers} and of the trusted_peer table. A trusted source is
 * never flood-limited ({@link FloodGuard}), skips proxy authentication and may send initial
 * requests with preloaded Routes; every other source is a stranger.
 *
 * <p>{@link #isTrusted} is asked for every request, on the receiving thread: it reads one
 * immutable {@link NetworkSet} built at the last reload and takes no lock. {@link #reload()}
 * reads the table (blocking) and swaps the set whole; the node calls it at start, after a
 * change it made, when another node's change notice tells of one ({@link ProvisioningReloader}),
 * and periodically in case a notice was lost. When a reload fails the last set stays.
 */
public final class TrustedPeers {
  private final List<TrustedPeer> configured;
  private final Supplier<List<TrustedPeer>> table;
  private volatile State state;

  private record State(List<TrustedPeer> peers, NetworkSet set) {}

  /**
   * @param configured the static entries ({@link TrustedPeerSettings})
   * @param table reads the provisioned entries (blocking); e.g. {@link TrustedPeerRepository#list}
   */
  public TrustedPeers(List<TrustedPeer> configured, Supplier<List<TrustedPeer>> table) {
    this.configured = List.copyOf(configured);
    this.table = Objects.requireNonNull(table, "table");
    this.state = build(this.configured, List.of());
  }

  /** Only the static entries; no table. */
  public static TrustedPeers of(List<TrustedPeer> configured) {
    return new TrustedPeers(configured, List::of);
  }

  /** Whether {@code source} is in one of the trusted networks. Lock-free, no allocation beyond the address bytes. */
  public boolean isTrusted(InetAddress source) {
    return state.set().contains(source);
  }

  /** Reads the table again and replaces the set. Blocking; throws what the table throws, keeping the last set. */
  public synchronized void reload() {
    state = build(configured, table.get());
  }

  /**
   * Every entry: the configuration's, then the table's that are not among them (a table row for
   * a configured network is shadowed), by network.
   */
  public List<TrustedPeer> list() {
    return state.peers();
  }

  /** The configured entry for exactly {@code network}, if any. */
  public Optional<TrustedPeer> configured(IpNetwork network) {
    return configured.stream().filter(p -> p.network().equals(network)).findFirst();
  }

  public int size() {
    return state.peers().size();
  }

  private static State build(List<TrustedPeer> configured, List<TrustedPeer> provisioned) {
    List<TrustedPeer> all = new ArrayList<>(configured);
    for (TrustedPeer p : provisioned) {
      if (configured.stream().noneMatch(c -> c.network().equals(p.network()))) {
        all.add(p);
      }
    }
    all.sort(Comparator.comparing((TrustedPeer p) -> p.network().isIpv4() ? 0 : 1)
        .thenComparing(p -> p.network().address(), Arrays::compareUnsigned)
        .thenComparingInt(p -> p.network().prefix()));
    return new State(List.copyOf(all), new NetworkSet(all.stream().map(TrustedPeer::network).toList()));
  }
}
