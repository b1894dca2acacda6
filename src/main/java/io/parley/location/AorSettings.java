package io.parley.location;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * {@code parley.registrar}: the limits and journal policy of the location service.
 *
 * @param maxContacts the most bindings one AOR may hold; a REGISTER that would add more is
 *     refused whole ({@link UpdateResult.TooManyBindings}); default 10 (Kamailio's usrloc
 *     {@code max_contacts} is unlimited by default; 10 keeps a forked INVITE bounded); 1..1000
 * @param leaseFactor how far beyond the granted expiry a persisted lease reaches, as a multiple
 *     of the granted time: 1.0 writes every refresh, 2.0 (default) lets a UA that refreshes at
 *     half its interval write one refresh in three; 1.0..10.0
 * @param maxLeaseSlack the most a lease may exceed the granted expiry, however long that is: the
 *     worst extra life of a dead binding after a failover; default 1 h; 0 to 24 h
 * @param snapshotEvery a snapshot every this many events (the last two kept), so recovery reads
 *     at most that many events; default 100; at least 1
 * @param wakeRate AOR entities woken per second by {@link AorWaker} after a restart; default 500
 *     (each wake is one recovery: a snapshot and a few events); at least 1
 * @param wakeSettle how long cluster membership must be quiet before the waker sweeps; default
 *     10 s; 0 to 10 min
 * @param passivateIdleAfter how long an AOR entity with bindings stays in memory after its last
 *     request; then it writes what it held only in memory, hands its next expiry to the node's
 *     {@link AorExpiryIndex} and stops, and the next request recovers it from the journal.
 *     Default 2 min; 0 keeps every AOR with bindings in memory; 0 to 24 h
 */
public record AorSettings(int maxContacts, double leaseFactor, Duration maxLeaseSlack, int snapshotEvery,
    int wakeRate, Duration wakeSettle, Duration passivateIdleAfter) {

  public static final AorSettings DEFAULT =
      new AorSettings(10, 2.0, Duration.ofHours(1), 100, 500, Duration.ofSeconds(10), Duration.ofMinutes(2));

  public AorSettings {
    check(maxContacts >= 1 && maxContacts <= 1000, "max-contacts", "must be 1..1000, was " + maxContacts);
    check(leaseFactor >= 1.0 && leaseFactor <= 10.0, "lease-factor", "must be 1.0..10.0, was " + leaseFactor);
    check(!maxLeaseSlack.isNegative() && maxLeaseSlack.compareTo(Duration.ofHours(24)) <= 0, "max-lease-slack",
        "must be 0..24h, was " + maxLeaseSlack);
    check(snapshotEvery >= 1, "snapshot-every", "must be at least 1, was " + snapshotEvery);
    check(wakeRate >= 1, "wake-rate", "must be at least 1, was " + wakeRate);
    check(!wakeSettle.isNegative() && wakeSettle.compareTo(Duration.ofMinutes(10)) <= 0, "wake-settle",
        "must be 0..10min, was " + wakeSettle);
    check(!passivateIdleAfter.isNegative() && passivateIdleAfter.compareTo(Duration.ofHours(24)) <= 0,
        "passivate-idle-after", "must be 0..24h, was " + passivateIdleAfter);
  }

  private static void check(boolean ok, String key, String message) {
    if (!ok) {
      throw new ConfigException.BadValue("parley.registrar." + key, message);
    }
  }

  /**
   * Reads {@code parley.registrar}: {@code max-contacts}, {@code lease-factor}, {@code
   * max-lease-slack}, {@code snapshot-every}, {@code wake-rate}, {@code wake-settle}, {@code
   * passivate-idle-after}.
   *
   * @throws ConfigException.BadValue naming the key of a value out of range
   */
  public static AorSettings from(Config config) {
    Config c = config.getConfig("parley.registrar");
    return new AorSettings(c.getInt("max-contacts"), c.getDouble("lease-factor"), c.getDuration("max-lease-slack"),
        c.getInt("snapshot-every"), c.getInt("wake-rate"), c.getDuration("wake-settle"),
        c.getDuration("passivate-idle-after"));
  }

  /**
   * The expiry to persist for a binding granted {@code expiresSeconds} at {@code nowMillis}: the
   * granted time × lease-factor, but at most max-lease-slack beyond the granted expiry.
   */
  public long leaseUntil(long nowMillis, long expiresSeconds) {
    long granted = expiresSeconds * 1000;
    long slack = Math.min((long) (granted * (leaseFactor - 1.0)), maxLeaseSlack.toMillis());
    return nowMillis + granted + slack;
  }
}
