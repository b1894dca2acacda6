package io.parley.nat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The rtpengine instances a node relays media through, and how long it waits for them.
 *
 * @param instances their NG control addresses (rtpengine's {@code listen-ng}), at most 64
 * @param timeout how long a request waits for its reply before the instance is taken as down
 * @param downFor how long an instance that let a request time out is left out of new offers
 */
public record RtpEngineSettings(List<InetSocketAddress> instances, Duration timeout, Duration downFor) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  public RtpEngineSettings {
    instances = List.copyOf(instances);
    if (instances.isEmpty() || instances.size() > 64) {
      throw new IllegalArgumentException("1 to 64 rtpengine instances, not " + instances.size());
    }
    if (timeout.isNegative() || timeout.isZero() || downFor.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive and down-for not negative");
    }
  }
}
