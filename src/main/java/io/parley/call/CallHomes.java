package io.parley.call;

import io.parley.cluster.HomeShards;
import io.parley.cluster.KnownHomes;
import io.parley.message.SipResponse;
import io.parley.proxy.BranchId;

/**
 * Which call entity a message of a Call-ID goes to (DESIGN.md, Cluster: cross as rarely as
 * possible): the one at the home its route set or branch names, else at this node's own home.
 * A new call lives at the home of the node that received its first request ({@link HomeShards}).
 * Thread-safe; one per node.
 */
public final class CallHomes {
  private final KnownHomes known;

  public CallHomes(KnownHomes known) {
    this.known = known;
  }

  /** The homes of a node that is alone with home {@code own}: for tests without a cluster. */
  public static CallHomes alone(String own) {
    return new CallHomes(new KnownHomes(own));
  }

  /** This node's home. */
  public String own() {
    return known.own();
  }

  /**
   * The entity of a request of {@code callId} whose route set of ours signed {@code home}
   * ({@link io.parley.proxy.RouteToken}); null home: a new call, or a request that follows no
   * route set of ours, which lives here.
   */
  public String ofRequest(String home, String callId) {
    return HomeShards.entityId(home != null && HomeShards.isToken(home) ? home : known.own(), callId);
  }

  /**
   * The entity of {@code response}, whose top Via is ours: the home its branch names when it is a
   * home known here ({@link KnownHomes}: a branch is not signed), else this node's.
   */
  public String ofResponse(SipResponse response) {
    String home = BranchId.home(response.routing().topVia().branch());
    return HomeShards.entityId(home != null && known.isKnown(home) ? home : known.own(),
        response.routing().callId());
  }

  /** The entity of a dialog from the store or another node, at home {@code home} (null: here). */
  public String ofDialog(String home, String callId) {
    return ofRequest(home, callId);
  }

  /** Notes that a call of {@code home} lives on this node, so that responses naming it are followed. */
  void living(String home) {
    known.add(home);
  }
}
