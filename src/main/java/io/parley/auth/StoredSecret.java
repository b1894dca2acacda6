package io.parley.auth;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A secret kept in the database ({@code node_secret}), for a node whose {@code parley.auth.secret}
 * is not set: the first node to start on a database draws it, every later start and every other
 * node on the same database reads it. So a restart does not invalidate the nonces in flight (RFC
 * 7616 §3.3) nor the Record-Route proofs of the calls in progress, and the nodes of a cluster
 * agree without any configuration. Whoever can read the table can forge nonces: it is as secret
 * as the database. Blocking JDBC: at start only.
 */
public final class StoredSecret {
  /** The name of the digest and route secret's row. */
  public static final String AUTH = "auth";
  private static final int OCTETS = 32;

  private final DataSource dataSource;
  private final Clock clock;

  public StoredSecret(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /**
   * The secret named {@code name}: the stored one, or a new random one stored now. Two nodes that
   * start at once both try to store theirs; the primary key keeps the first, and the other reads
   * it back.
   *
   * @throws SubscriberStoreException when the database cannot be read or written
   */
  public String loadOrCreate(String name) {
    try (Connection c = dataSource.getConnection()) {
      Optional<String> stored = read(c, name);
      if (stored.isPresent()) {
        return stored.get();
      }
      byte[] octets = new byte[OCTETS];
      new SecureRandom().nextBytes(octets);
      String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(octets);
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO node_secret (name, secret, created_at) VALUES (?, ?, ?)")) {
        insert.setString(1, name);
        insert.setString(2, fresh);
        insert.setTimestamp(3, Timestamp.from(clock.instant()));
        insert.executeUpdate();
        return fresh;
      } catch (SQLException raced) {
        // another node stored its own first: take that one
        return read(c, name).orElseThrow(() -> raced);
      }
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot read or store the node secret '" + name + "'", e);
    }
  }

  private static Optional<String> read(Connection c, String name) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT secret FROM node_secret WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }
}
