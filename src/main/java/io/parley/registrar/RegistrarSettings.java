package io.parley.registrar;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.parley.nat.NatDetection;
import java.util.Objects;

/**
 * {@code parley.registrar}: the expiry rules of REGISTER processing (RFC 3261 §10.3 step 7).
 *
 * @param minExpires the shortest registration granted; a contact asking for less (but more than
 *     0) is answered 423 Interval Too Brief with this value in Min-Expires (RFC 3261 §10.3 step
 *     7, §20.23); default 60 (RFC 3261 §10.2.8 suggests the minimum be at least an hour for
 *     most uses, but phones behind NATs refresh often); 1..86400
 * @param maxExpires the longest registration granted; a longer request is shortened to it (RFC
 *     3261 §10.3 step 7: "the registrar MAY shorten the expiration interval"); default 7200;
 *     at least min-expires, at most 2^32-1
 * @param defaultExpires what a contact gets that names no expiry, with no Expires header; RFC
 *     3261 §10.2.1.1 suggests 3600; between min-expires and max-expires
 * @param authenticate whether every REGISTER must carry digest credentials of the AOR's own
 *     subscriber (RFC 3261 §10.3 steps 3, 4; {@code parley.auth}); default true
 * @param limits the longest values stored with a binding ({@link RegisterLimits})
 * @param nat how a REGISTER from behind a NAT is told ({@code parley.nat.detect}): its bindings
 *     are then reached at its source (RFC 3581), as Kamailio's registrar does after {@code
 *     nat_uac_test} and {@code fix_nated_register}
 */
public record RegistrarSettings(long minExpires, long maxExpires, long defaultExpires, boolean authenticate,
    RegisterLimits limits, NatDetection nat) {

  public static final RegistrarSettings DEFAULT = new RegistrarSettings(60, 7200, 3600, true);

  /** With the default {@link RegisterLimits} and NAT tests. */
  public RegistrarSettings(long minExpires, long maxExpires, long defaultExpires, boolean authenticate) {
    this(minExpires, maxExpires, defaultExpires, authenticate, RegisterLimits.DEFAULT);
  }

  /** With the default NAT tests. */
  public RegistrarSettings(long minExpires, long maxExpires, long defaultExpires, boolean authenticate,
      RegisterLimits limits) {
    this(minExpires, maxExpires, defaultExpires, authenticate, limits, NatDetection.DEFAULT);
  }

  public RegistrarSettings {
    check(minExpires >= 1 && minExpires <= 86_400, "min-expires", "must be 1..86400, was " + minExpires);
    check(maxExpires >= minExpires && maxExpires <= 0xFFFF_FFFFL, "max-expires",
        "must be at least min-expires (" + minExpires + ") and at most 4294967295, was " + maxExpires);
    check(defaultExpires >= minExpires && defaultExpires <= maxExpires, "default-expires",
        "must be between min-expires (" + minExpires + ") and max-expires (" + maxExpires + "), was "
            + defaultExpires);
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(nat, "nat");
  }

  private static void check(boolean ok, String key, String message) {
    if (!ok) {
      throw new ConfigException.BadValue("parley.registrar." + key, message);
    }
  }

  /**
   * Reads {@code parley.registrar}: {@code min-expires}, {@code max-expires}, {@code
   * default-expires} (seconds), {@code authenticate}, the {@link RegisterLimits}, and {@code
   * parley.nat.detect}.
   *
   * @throws ConfigException.BadValue naming the key of a value out of range
   */
  public static RegistrarSettings from(Config config) {
    Config c = config.getConfig("parley.registrar");
    return new RegistrarSettings(c.getLong("min-expires"), c.getLong("max-expires"), c.getLong("default-expires"),
        c.getBoolean("authenticate"), RegisterLimits.from(c), NatDetection.from(config));
  }
}
