package io.parley.nat;

import java.util.Locale;

/**
 * One test of {@code parley.nat.detect}: each says, from one REGISTER or request, whether its
 * sender is behind a NAT. They are nathelper's {@code nat_uac_test} flags (Kamailio, OpenSIPS),
 * by name rather than by bit.
 */
public enum NatTest {
  /** The Contact names a private address (flag 1). */
  PRIVATE_CONTACT,
  /** The source address differs from the top Via's sent-by host (flag 2; RFC 3581 §4's received). */
  VIA_ADDRESS,
  /** The top Via names a private address (flag 4). */
  PRIVATE_VIA,
  /** The source port differs from the top Via's sent-by port (flag 16; RFC 3581's rport). */
  VIA_PORT,
  /**
   * The source address differs from the Contact's host (flag 32). Off by default: it takes a
   * registration made on behalf of another host (RFC 3261 §10.2, third-party registration) as
   * a NAT and sends its calls to the registering host.
   */
  CONTACT_ADDRESS;

  /** The name in configuration: {@code via-address}, {@code private-contact}, … */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The test {@code name} names in configuration; null when none does. */
  public static NatTest byConfigName(String name) {
    for (NatTest t : values()) {
      if (t.configName().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
