package io.parley.location;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * {@code parley.registrar.lookup-cache}: how each node keeps the bindings its calls looked up
 * ({@link BindingsCache}).
 *
 * @param ttl the longest a looked-up binding set is used without asking its AOR entity again;
 *     never past the earliest expiry among the bindings: the bound on how long a lost notice
 *     can leave a node with a stale set. Default 30 min; 0 turns the cache off (every call asks
 *     the entity, across nodes for (N-1)/N of them); 0 to 24 h
 * @param maxEntries the most AORs a node keeps; past it an arbitrary entry makes room. Default
 *     100,000 (about 1 KB each with one binding); 0 turns the cache off; 0 to 10,000,000
 */
public record LookupCacheSettings(Duration ttl, int maxEntries) {

  public static final LookupCacheSettings DEFAULT = new LookupCacheSettings(Duration.ofMinutes(30), 100_000);
  public static final LookupCacheSettings OFF = new LookupCacheSettings(Duration.ZERO, 0);
  static final String PATH = "parley.registrar.lookup-cache";

  public LookupCacheSettings {
    if (ttl.isNegative() || ttl.compareTo(Duration.ofHours(24)) > 0) {
      throw new ConfigException.BadValue(PATH + ".ttl", "must be 0..24h, was " + ttl);
    }
    if (maxEntries < 0 || maxEntries > 10_000_000) {
      throw new ConfigException.BadValue(PATH + ".max-entries", "must be 0..10000000, was " + maxEntries);
    }
  }

  /** Whether the cache is used at all. */
  public boolean enabled() {
    return !ttl.isZero() && maxEntries > 0;
  }

  /**
   * Reads {@code parley.registrar.lookup-cache}; {@link #DEFAULT} when the section is absent (an
   * actor system built without Parley's reference configuration, in tests).
   *
   * @throws ConfigException.BadValue naming the key of a value out of range
   */
  public static LookupCacheSettings from(Config config) {
    if (!config.hasPath(PATH)) {
      return DEFAULT;
    }
    Config c = config.getConfig(PATH);
    return new LookupCacheSettings(c.getDuration("ttl"), c.getInt("max-entries"));
  }
}
