package io.parley.admin;

import io.parley.admin.ProvisioningException.Reason;
import io.parley.auth.IpNetwork;
import io.parley.auth.SubscriberStoreException;
import io.parley.auth.TrustedPeer;
import io.parley.auth.TrustedPeerRepository;
import io.parley.auth.TrustedPeers;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds, lists and removes the trusted networks of the trusted_peer table, beside those of
 * {@code parley.trusted-peers}, which it shows but cannot change. After each change this node's
 * {@link TrustedPeers} is re-read at once; other nodes follow at their next refresh.
 *
 * <p><b>Blocking</b>: every method waits for the database; call them on a dispatcher for
 * blocking work. Failures are {@link ProvisioningException}s whose messages may be shown to the
 * operator.
 */
public final class TrustedPeerProvisioning {
  private static final Logger log = LoggerFactory.getLogger(TrustedPeerProvisioning.class);

  private final TrustedPeerRepository repository;
  private final TrustedPeers peers;

  public TrustedPeerProvisioning(TrustedPeerRepository repository, TrustedPeers peers) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.peers = Objects.requireNonNull(peers, "peers");
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
      peers.reload();
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
      peers.reload();
      if (!removed) {
        throw new ProvisioningException(Reason.NOT_FOUND, "no trusted peer " + n + " in the trusted_peer table");
      }
      return null;
    });
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
