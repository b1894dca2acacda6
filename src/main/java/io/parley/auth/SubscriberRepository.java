package io.parley.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The subscriber and alias tables ({@code db/migration/{h2,postgresql}/V2__subscribers.sql}, the
 * own max call duration from {@code V8}) over plain JDBC.
 *
 * <p><b>Blocking.</b> Every method waits for the database. Call it from a dispatcher meant for
 * blocking work (Pekko's {@code pekko.actor.default-blocking-io-dispatcher} or one of Parley's
 * own), never from an actor's or a stream stage's thread, and never on a request's path: SIP
 * requests read subscribers from {@link SubscriberCache}.
 *
 * <p>Every user name and domain, given or read, passes through {@link SubscriberId}: rows hold
 * the canonical form of RFC 3261 §19.1.4 ({@code io.parley.message.uri.CanonicalAor}), and a
 * lookup in any spelling ({@code %61lice}) finds the row of its AOR ({@code alice}), so a second
 * spelling of an existing subscriber is refused as a duplicate by the primary key.
 *
 * <p>Passwords go in and are hashed at once into the three HA1s; they are not kept. A failure
 * throws {@link SubscriberStoreException}, whose kind tells a duplicate from a missing
 * subscriber from anything else. Thread-safe if the DataSource is.
 */
public final class SubscriberRepository {
  private static final String COLUMNS =
      "username, domain, ha1_md5, ha1_sha256, ha1_sha512_256, created_at, max_call_seconds";
  /** The most rows one {@link #list} call returns. */
  public static final int MAX_PAGE = 10_000;

  private final DataSource dataSource;
  private final Clock clock;

  public SubscriberRepository(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Provisions a subscriber with the HA1s of {@code password} for realm {@code domain}.
   *
   * @throws SubscriberStoreException of kind DUPLICATE if the subscriber exists
   */
  public Subscriber add(String username, String domain, String password) {
    return add(username, domain, password, null);
  }

  /**
   * Provisions a subscriber with the HA1s of {@code password} for realm {@code domain} and its
   * own max call duration ({@code null}: the node's default; see {@link Subscriber#requireCallDuration}).
   *
   * @throws SubscriberStoreException of kind DUPLICATE if the subscriber exists
   */
  public Subscriber add(String username, String domain, String password, Duration maxCallDuration) {
    // Microseconds: what both databases' TIMESTAMP keeps, so the returned value equals a read.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Subscriber s = Subscriber.withPassword(new SubscriberId(username, domain), password, now)
        .withMaxCallDuration(maxCallDuration);
    add(s);
    return s;
  }

  /**
   * Inserts a subscriber whose HA1s were computed elsewhere, e.g. imported from Kamailio's
   * {@code subscriber.ha1}.
   *
   * @throws SubscriberStoreException of kind DUPLICATE if the subscriber exists
   */
  public void add(Subscriber s) {
    String sql = "INSERT INTO subscriber (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, s.id().username());
      ps.setString(2, s.id().domain());
      ps.setString(3, s.ha1Md5());
      ps.setString(4, s.ha1Sha256());
      ps.setString(5, s.ha1Sha512_256());
      ps.setObject(6, LocalDateTime.ofInstant(s.createdAt(), ZoneOffset.UTC));
      setSeconds(ps, 7, s.maxCallDuration());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot add subscriber " + s.id(), e);
    }
  }

  /** Replaces the HA1s with those of a new password; {@code false} if there is no such subscriber. */
  public boolean changePassword(String username, String domain, String password) {
    Subscriber s = Subscriber.withPassword(new SubscriberId(username, domain), password, clock.instant());
    String sql = "UPDATE subscriber SET ha1_md5 = ?, ha1_sha256 = ?, ha1_sha512_256 = ? WHERE username = ? AND domain = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, s.ha1Md5());
      ps.setString(2, s.ha1Sha256());
      ps.setString(3, s.ha1Sha512_256());
      ps.setString(4, s.id().username());
      ps.setString(5, s.id().domain());
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot change the password of " + s.id(), e);
    }
  }

  /**
   * Sets the subscriber's own max call duration; {@code null} gives it the node's default again.
   * {@code false} if there is no such subscriber.
   *
   * @throws IllegalArgumentException if it is not whole seconds from 1 s to 7 days
   */
  public boolean setMaxCallDuration(String username, String domain, Duration maxCallDuration) {
    SubscriberId id = new SubscriberId(username, domain);
    Subscriber.requireCallDuration(maxCallDuration);
    String sql = "UPDATE subscriber SET max_call_seconds = ? WHERE username = ? AND domain = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      setSeconds(ps, 1, maxCallDuration);
      ps.setString(2, id.username());
      ps.setString(3, id.domain());
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot set the max call duration of " + id, e);
    }
  }

  public Optional<Subscriber> find(String username, String domain) {
    SubscriberId id = new SubscriberId(username, domain);
    String sql = "SELECT " + COLUMNS + " FROM subscriber WHERE username = ? AND domain = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id.username());
      ps.setString(2, id.domain());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot read subscriber " + id, e);
    }
  }

  /**
   * A page of subscribers ordered by domain and user name.
   *
   * @param domain only this domain's, or {@code null} for all
   * @param limit at most this many, 1 to {@value #MAX_PAGE}
   * @param offset rows skipped first, not negative
   */
  public List<Subscriber> list(String domain, int limit, int offset) {
    if (limit < 1 || limit > MAX_PAGE || offset < 0) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE + " and offset not negative");
    }
    String where = domain == null ? "" : " WHERE domain = ?";
    String sql = "SELECT " + COLUMNS + " FROM subscriber" + where + " ORDER BY domain, username LIMIT ? OFFSET ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (domain != null) {
        ps.setString(i++, SubscriberId.normalizeDomain(domain));
      }
      ps.setInt(i++, limit);
      ps.setInt(i, offset);
      return readAll(ps);
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot list subscribers", e);
    }
  }

  /** Every subscriber, for {@link SubscriberCache}. */
  public List<Subscriber> loadAll() {
    String sql = "SELECT " + COLUMNS + " FROM subscriber";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setFetchSize(1_000);
      return readAll(ps);
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot load subscribers", e);
    }
  }

  /** Removes a subscriber and, by the foreign key, its aliases; {@code false} if there was none. */
  public boolean remove(String username, String domain) {
    SubscriberId id = new SubscriberId(username, domain);
    return update("DELETE FROM subscriber WHERE username = ? AND domain = ?", id, "cannot remove subscriber " + id);
  }

  /**
   * Makes {@code aliasUsername@aliasDomain} another name of {@code username@domain}.
   *
   * @throws SubscriberStoreException of kind DUPLICATE if the alias exists, NO_SUBSCRIBER if the subscriber does not
   */
  public void addAlias(String aliasUsername, String aliasDomain, String username, String domain) {
    Alias a = new Alias(new SubscriberId(aliasUsername, aliasDomain), new SubscriberId(username, domain));
    String sql = "INSERT INTO alias (alias_username, alias_domain, username, domain) VALUES (?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, a.alias().username());
      ps.setString(2, a.alias().domain());
      ps.setString(3, a.subscriber().username());
      ps.setString(4, a.subscriber().domain());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot add alias " + a.alias() + " of " + a.subscriber(), e);
    }
  }

  /** {@code false} if there was no such alias. */
  public boolean removeAlias(String aliasUsername, String aliasDomain) {
    SubscriberId id = new SubscriberId(aliasUsername, aliasDomain);
    return update("DELETE FROM alias WHERE alias_username = ? AND alias_domain = ?", id, "cannot remove alias " + id);
  }

  /** The subscriber {@code aliasUsername@aliasDomain} stands for, if it is an alias. */
  public Optional<SubscriberId> resolveAlias(String aliasUsername, String aliasDomain) {
    SubscriberId id = new SubscriberId(aliasUsername, aliasDomain);
    String sql = "SELECT username, domain FROM alias WHERE alias_username = ? AND alias_domain = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id.username());
      ps.setString(2, id.domain());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new SubscriberId(rs.getString(1), rs.getString(2))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot resolve alias " + id, e);
    }
  }

  /** Every alias, for {@link SubscriberCache}. */
  public List<Alias> loadAliases() {
    String sql = "SELECT alias_username, alias_domain, username, domain FROM alias";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setFetchSize(1_000);
      List<Alias> aliases = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          aliases.add(new Alias(new SubscriberId(rs.getString(1), rs.getString(2)),
              new SubscriberId(rs.getString(3), rs.getString(4))));
        }
      }
      return aliases;
    } catch (SQLException e) {
      throw new SubscriberStoreException("cannot load aliases", e);
    }
  }

  private boolean update(String sql, SubscriberId id, String failure) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id.username());
      ps.setString(2, id.domain());
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new SubscriberStoreException(failure, e);
    }
  }

  private static List<Subscriber> readAll(PreparedStatement ps) throws SQLException {
    List<Subscriber> all = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        all.add(read(rs));
      }
    }
    return all;
  }

  private static Subscriber read(ResultSet rs) throws SQLException {
    int seconds = rs.getInt(7);
    Duration max = rs.wasNull() ? null : Duration.ofSeconds(seconds);
    return new Subscriber(new SubscriberId(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getObject(6, LocalDateTime.class).toInstant(ZoneOffset.UTC), max);
  }

  private static void setSeconds(PreparedStatement ps, int index, Duration d) throws SQLException {
    if (d == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setInt(index, Math.toIntExact(d.toSeconds()));
    }
  }
}
