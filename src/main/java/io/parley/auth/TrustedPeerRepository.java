package io.parley.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trusted_peer table: trusted networks provisioned at runtime, beside the static list
 * {@code parley.trusted-peers}. A network is stored as its canonical CIDR text
 * ({@link IpNetwork#toString()}), so one network has one row however it was typed.
 *
 * <p><b>Blocking</b>, like {@link SubscriberRepository}: call it on a dispatcher for blocking
 * work, never on an actor's or a socket's thread.
 */
public final class TrustedPeerRepository {
  private static final Logger log = LoggerFactory.getLogger(TrustedPeerRepository.class);

  private final DataSource dataSource;
  private final Clock clock;

  public TrustedPeerRepository(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@code false} if the network was there already. */
  public boolean add(IpNetwork network, String description) {
    String sql = "INSERT INTO trusted_peer (network, description, created_at) VALUES (?, ?, ?)";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, network.toString());
      ps.setString(2, TrustedPeer.checkedDescription(description));
      ps.setObject(3, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      SubscriberStoreException failure = new SubscriberStoreException("cannot add trusted peer " + network, e);
      if (failure.kind() == SubscriberStoreException.Kind.DUPLICATE) {
        return false;
      }
      throw failure;
    }
  }

  /** {@code false} if there was no such row. */
  public boolean remove(IpNetwork network) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM trusted_peer WHERE network = ?")) {
      ps.setString(1, network.toString());
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot remove trusted peer " + network, e);
    }
  }

  /**
   * Every row, ordered by its text. A row that does not read as a network (written by hand) is
   * left out with a warning, so one bad row does not stop the others from counting.
   */
  public List<TrustedPeer> list() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT network, description FROM trusted_peer ORDER BY network");
        ResultSet rs = ps.executeQuery()) {
      List<TrustedPeer> peers = new ArrayList<>();
      while (rs.next()) {
        String network = rs.getString(1);
        try {
          peers.add(new TrustedPeer(IpNetwork.parse(network), rs.getString(2), TrustedPeer.Source.DATABASE));
        } catch (IllegalArgumentException e) {
          log.warn("trusted_peer row '{}' ignored: {}", network, e.getMessage());
        }
      }
      return peers;
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot list trusted peers", e);
    }
  }
}
