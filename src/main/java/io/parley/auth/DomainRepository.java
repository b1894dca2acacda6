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

/**
 * The domain table: served domains provisioned at runtime, in addition to the bootstrap list
 * {@code parley.domains} of the configuration. Names are kept in lower case (RFC 3261 §19.1.4).
 *
 * <p><b>Blocking</b>, like {@link SubscriberRepository}: call it on a dispatcher for blocking
 * work, never on an actor's thread.
 */
public final class DomainRepository {
  private final DataSource dataSource;
  private final Clock clock;

  public DomainRepository(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@code false} if the domain was there already. */
  public boolean add(String name) {
    String domain = checked(name);
    String sql = "INSERT INTO domain (name, created_at) VALUES (?, ?)";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, domain);
      ps.setObject(2, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      SubscriberStoreException failure = new SubscriberStoreException("cannot add domain " + domain, e);
      if (failure.kind() == SubscriberStoreException.Kind.DUPLICATE) {
        return false;
      }
      throw failure;
    }
  }

  /** {@code false} if there was no such domain. Its subscribers stay. */
  public boolean remove(String name) {
    String domain = checked(name);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM domain WHERE name = ?")) {
      ps.setString(1, domain);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot remove domain " + domain, e);
    }
  }

  /** Whether {@code name} (any case) is a row of the table. */
  public boolean exists(String name) {
    String domain = checked(name);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM domain WHERE name = ?")) {
      ps.setString(1, domain);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot read domain " + domain, e);
    }
  }

  /** Every provisioned domain, in order. */
  public List<String> list() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT name FROM domain ORDER BY name");
        ResultSet rs = ps.executeQuery()) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot list domains", e);
    }
  }

  private static String checked(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.length() > SubscriberId.MAX_DOMAIN) {
      throw new IllegalArgumentException("a domain has 1 to " + SubscriberId.MAX_DOMAIN + " characters");
    }
    return SubscriberId.normalizeDomain(name);
  }
}
