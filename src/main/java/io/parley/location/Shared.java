package io.parley.location;

import java.util.List;

/**
 * Sharing of values that many bindings repeat, so that a registration costs its own bytes only.
 * {@link String#intern()} is used for values whose set is small in practice (the Path URIs of a
 * few edge proxies, contact parameters of common phone models): the JVM's string table is
 * garbage-collected, so a rare unique value costs nothing lasting.
 */
final class Shared {
  private Shared() {}

  static List<String> path(List<String> path) {
    if (path == null || path.isEmpty()) {
      return List.of();
    }
    String[] values = new String[path.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = path.get(i).intern();
    }
    return List.of(values);
  }

  /**
   * Parameters are interned unless they carry an instance id, which is unique per device and
   * would only grow the table.
   */
  static String params(String params) {
    if (params == null || params.isEmpty()) {
      return "";
    }
    return params.contains("+sip.instance") ? params : params.intern();
  }

  /** A phone model's User-Agent is shared by every phone of that model and firmware. */
  static String userAgent(String userAgent) {
    return userAgent == null || userAgent.isEmpty() ? null : userAgent.intern();
  }
}
