package io.parley.admin;

import io.parley.admin.ProvisioningException.Reason;
import io.parley.auth.IpNetwork;
import io.parley.auth.ProvisioningChange;
import io.parley.auth.ProvisioningChange.TrustedPeerChanged;
import io.parley.auth.SubscriberStoreException;
import io.parley.auth.TrustedPeer;
import io.parley.auth.TrustedPeerRepository;
import io.parley.auth.TrustedPeers;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds, lists and removes the trusted networks of the trusted_peer table, beside those of
 * {@code parley.trusted-peers}, which it shows but cannot change. After each change this node's
 * {@link TrustedPeers} is re-read at once; then every node of the cluster is told
 * ({@link TrustedPeerChanged}) and re-reads the table.
 *
 * <p><b>Blocking</b>: every method waits for the database; call them on a dispatcher for
 * blocking work. Failures are {@link ProvisioningException}s whose messages may be shown to the
 * operator.
 */
public final class TrustedPeerProvisioning {
  private static final Logger log = LoggerFactory.getLogger(TrustedPeerProvisioning.class);

  private final TrustedPeerRepository repository;
  private final TrustedPeers peers;
  private final Consumer<ProvisioningChange> changed;

  /** For a node on its own: no other node to tell. */
  public TrustedPeerProvisioning(TrustedPeerRepository repository, TrustedPeers peers) {
    this(repository, peers, change -> {});
  }

  /**
   * @param changed told of every row this changed (or may have changed), after this node's
   *     reload: publishes it to the cluster; must not block
   */
  public TrustedPeerProvisioning(TrustedPeerRepository repository, TrustedPeers peers,
      Consumer<ProvisioningChange> changed) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.peers = Objects.requireNonNull(peers, "peers");
    this.changed = Objects.requireNonNull(changed, "changed");
  }

  /**
   * Trusts {@code network} (CIDR, or one address).
   *
   * @throws ProvisioningException {@link Reason#INVALID} for text that is no network or a bad
   *     description, {@link Reason#EXISTS} for a network listed already
   */
  public TrustedPeer add(String network, String description) {
    TrustedPeer peer;
    try {
      peer = new TrustedPeer(IpNetwork.parse(network), description, TrustedPeer.Source.DATABASE);
    } catch (IllegalArgumentException e) {
      throw new ProvisioningException(Reason.INVALID, e.getMessage());
    }
    if (peers.configured(peer.network()).isPresent()) {
      throw new ProvisioningException(Reason.EXISTS, "trusted peer " + peer.network() + " is listed already: it is "
          + "in parley.trusted-peers");
    }
    return guarded("add trusted peer " + peer.network(), () -> {
      boolean added = repository.add(peer.network(), peer.description());
      reload(peer.network());
      if (!added) {
        throw new ProvisioningException(Reason.EXISTS, "trusted peer " + peer.network() + " exists");
      }
      return peer;
    });
  }

  /** Every trusted network: the configuration's, then the table's. */
  public List<TrustedPeer> list() {
    guarded("list trusted peers", () -> {
      peers.reload();
      return null;
    });
    return peers.list();
  }

  /**
   * Stops trusting {@code network} (the same network as added, however written).
   *
   * @throws ProvisioningException {@link Reason#CONFIGURED} for one of {@code parley.trusted-peers},
   *     {@link Reason#NOT_FOUND} for one not in the table
   */
  public void remove(String network) {
    IpNetwork n;
    try {
      n = IpNetwork.parse(network);
    } catch (IllegalArgumentException e) {
      throw new ProvisioningException(Reason.INVALID, e.getMessage());
    }
    if (peers.configured(n).isPresent()) {
      throw new ProvisioningException(Reason.CONFIGURED, "trusted peer " + n + " comes from parley.trusted-peers "
          + "in the configuration; remove it there and restart the node");
    }
    guarded("remove trusted peer " + n, () -> {
      boolean removed = repository.remove(n);
      reload(n);
      if (!removed) {
        throw new ProvisioningException(Reason.NOT_FOUND, "no trusted peer " + n + " in the trusted_peer table");
      }
      return null;
    });
  }

  /** The table into this node's set, then the other nodes told. */
  private void reload(IpNetwork network) {
    try {
      peers.reload();
    } finally {
      changed.accept(new TrustedPeerChanged(network.toString()));
    }
  }

  private static <T> T guarded(String what, Supplier<T> work) {
    try {
      return work.get();
    } catch (SubscriberStoreException e) {
      log.warn("cannot {}: {}", what, e.toString());
      throw new ProvisioningException(Reason.UNAVAILABLE, "cannot " + what
          + ": the database failed (see the node's log)");
    }
  }
}
