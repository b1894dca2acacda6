package io.parley.location;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * URI equivalence of RFC 3261 §19.1.4, used to decide whether a Contact of a REGISTER names an
 * existing binding (§10.3 step 7). It works on the contact strings as registered; the typed URI
 * of the message layer is not needed for a comparison that runs once per contact per REGISTER.
 *
 * <p>For sip and sips: the schemes must be equal; user and password compare case-sensitively,
 * everything else case-insensitively; %HH escapes compare equal to the character they encode;
 * host and port must both be equal (an omitted port does not equal an explicit 5060); the
 * parameters user, ttl, method, maddr and transport must be equal when either URI has them, any
 * other parameter only when both have it; headers must be the same set on both sides. Other
 * schemes compare as strings with the scheme's case ignored.
 */
final class ContactUris {
  private static final List<String> STRICT_PARAMS = List.of("user", "ttl", "method", "maddr", "transport");

  private ContactUris() {}

  static boolean equivalent(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    int colonA = a.indexOf(':');
    int colonB = b.indexOf(':');
    if (colonA <= 0 || colonB <= 0 || !a.substring(0, colonA).equalsIgnoreCase(b.substring(0, colonB))) {
      return false;
    }
    String scheme = a.substring(0, colonA).toLowerCase(Locale.ROOT);
    if (!scheme.equals("sip") && !scheme.equals("sips")) {
      return a.substring(colonA).equals(b.substring(colonB));
    }
    SipParts x = SipParts.parse(a.substring(colonA + 1));
    SipParts y = SipParts.parse(b.substring(colonB + 1));
    return x.userinfo.equals(y.userinfo)
        && x.hostport.equals(y.hostport)
        && paramsEquivalent(x.params, y.params)
        && sameSet(x.headers, y.headers);
  }

  private static boolean paramsEquivalent(List<String[]> x, List<String[]> y) {
    for (String name : STRICT_PARAMS) {
      String vx = find(x, name);
      String vy = find(y, name);
      if (vx == null ? vy != null : !vx.equals(vy)) {
        return false;
      }
    }
    for (String[] p : x) {
      String other = find(y, p[0]);
      if (other != null && !other.equals(p[1])) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameSet(List<String[]> x, List<String[]> y) {
    if (x.size() != y.size()) {
      return false;
    }
    for (String[] h : x) {
      String other = find(y, h[0]);
      if (other == null || !other.equals(h[1])) {
        return false;
      }
    }
    return true;
  }

  private static String find(List<String[]> pairs, String name) {
    for (String[] p : pairs) {
      if (p[0].equals(name)) {
        return p[1];
      }
    }
    return null;
  }

  /** The parts of a sip/sips URI after the scheme, decoded and case-folded for comparison. */
  private record SipParts(String userinfo, String hostport, List<String[]> params, List<String[]> headers) {

    static SipParts parse(String s) {
      // '@' may not appear unescaped in host, parameters or headers, so the last one ends the userinfo.
      int at = s.lastIndexOf('@');
      String userinfo = at < 0 ? "" : decode(s.substring(0, at), false);
      String rest = s.substring(at + 1);
      int q = rest.indexOf('?');
      String headers = q < 0 ? "" : rest.substring(q + 1);
      String beforeHeaders = q < 0 ? rest : rest.substring(0, q);
      int semi = beforeHeaders.indexOf(';');
      String hostport = (semi < 0 ? beforeHeaders : beforeHeaders.substring(0, semi)).toLowerCase(Locale.ROOT);
      String params = semi < 0 ? "" : beforeHeaders.substring(semi + 1);
      return new SipParts(userinfo, hostport, pairs(params, ';'), pairs(headers, '&'));
    }

    private static List<String[]> pairs(String s, char separator) {
      List<String[]> out = new ArrayList<>();
      int start = 0;
      while (start < s.length()) {
        int end = s.indexOf(separator, start);
        if (end < 0) {
          end = s.length();
        }
        if (end > start) {
          String item = s.substring(start, end);
          int eq = item.indexOf('=');
          String name = decode(eq < 0 ? item : item.substring(0, eq), true);
          String value = eq < 0 ? "" : decode(item.substring(eq + 1), true);
          out.add(new String[] {name, value});
        }
        start = end + 1;
      }
      return out;
    }

    /** Replaces %HH escapes with the character (RFC 3261 §19.1.4: escaped and unescaped are equal). */
    private static String decode(String s, boolean foldCase) {
      StringBuilder b = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
          b.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
          i += 2;
        } else {
          b.append(c);
        }
      }
      String out = b.toString();
      return foldCase ? out.toLowerCase(Locale.ROOT) : out;
    }

    private static int hex(char c) {
      if (c >= '0' && c <= '9') {
        return c - '0';
      }
      char l = (char) (c | 0x20);
      return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }
  }
}
