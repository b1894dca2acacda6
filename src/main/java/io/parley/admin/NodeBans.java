package io.parley.admin;

import io.parley.auth.AuthBan;
import io.parley.auth.FailureGuard;
import io.parley.auth.FloodGuard;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every ban of this node in one list, whatever earned it: too many requests ({@link FloodGuard},
 * Kamailio's pike) or too many failed authentications ({@link FailureGuard}, what fail2ban does
 * for Kamailio). An operator lists and lifts them in one place ({@link BanRoutes}, {@code parley
 * ban}). Thread-safe.
 */
public final class NodeBans {
  /** What earned a ban. */
  public enum Reason {
    FLOOD("flood"), AUTH("auth");

    final String token;

    Reason(String token) {
      this.token = token;
    }
  }

  /**
   * One ban.
   *
   * @param count the requests in the window that tripped a flood ban; the offences (bans in a
   *     row) of an authentication ban
   */
  public record Ban(InetAddress source, Reason reason, Instant since, Instant until, long count) {}

  private final FloodGuard flood;
  private final FailureGuard auth;

  public NodeBans(FloodGuard flood, FailureGuard auth) {
    this.flood = flood;
    this.auth = auth;
  }

  /** The bans in force, the oldest first. */
  public List<Ban> list() {
    List<Ban> all = new ArrayList<>();
    for (FloodGuard.Ban b : flood.bans()) {
      all.add(new Ban(b.source(), Reason.FLOOD, b.since(), b.until(), b.requests()));
    }
    for (AuthBan b : auth.bans()) {
      all.add(new Ban(b.source(), Reason.AUTH, b.since(), b.until(), b.offences()));
    }
    all.sort(Comparator.comparing(Ban::since));
    return all;
  }

  /** Lifts every ban of {@code source}; false when it had none. */
  public boolean lift(InetAddress source) {
    boolean flooded = flood.unban(source);
    boolean guessed = auth.unban(source);
    return flooded || guessed;
  }
}
