package io.parley.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * {@code parley.provisioning}: how a node keeps its copy of the provisioned data (subscribers,
 * aliases, domains, trusted peers) in step with the database. Changes made through any node
 * reach every node at once as change notices over the cluster; the periodic full re-read every
 * {@code refresh-interval} is the safety net for a notice that was lost (pub-sub delivers at most
 * once) and for rows changed in the database by hand.
 */
public record ProvisioningSettings(Duration refreshInterval) {
  public static final String KEY = "parley.provisioning.refresh-interval";
  static final Duration MIN = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofDays(1);

  public static ProvisioningSettings from(Config config) {
    Duration interval;
    try {
      interval = config.getDuration(KEY);
    } catch (ConfigException.WrongType e) {
      throw new ConfigException.BadValue(KEY, "must be a duration such as 30s: " + e.getMessage());
    }
    if (interval.compareTo(MIN) < 0 || interval.compareTo(MAX) > 0) {
      throw new ConfigException.BadValue(KEY, "must be 1s..1d, was " + interval);
    }
    return new ProvisioningSettings(interval);
  }
}
