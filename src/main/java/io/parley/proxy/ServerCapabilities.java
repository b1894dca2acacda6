package io.parley.proxy;

import java.util.List;
import java.util.Set;

/**
 * What this server says it does, in the one place an answer to OPTIONS (RFC 3261 §11.2) and a
 * 420 (§8.2.2.3, §16.3 item 5) read it from. Methods and option tags join these lists as the
 * features behind them land, never before.
 */
public final class ServerCapabilities {
  private ServerCapabilities() {}

  /** Methods the server handles as a UAS (its answer to OPTIONS). */
  public static final List<String> ALLOW = List.of("OPTIONS", "REGISTER");

  /** Bodies the server accepts; a proxy forwards any body unread. */
  public static final String ACCEPT = "*/*";

  /** Option tags the server supports, as a UAS (Require) and as a proxy (Proxy-Require). */
  public static final Set<String> SUPPORTED = Set.of();

  public static String allowHeader() {
    return String.join(", ", ALLOW);
  }

  public static String supportedHeader() {
    return String.join(", ", SUPPORTED);
  }
}
