package io.parley.proxy;

import io.parley.message.header.NameAddr;
import io.parley.message.uri.Uri;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One element of a target set (RFC 3261 §16.5): where a branch of a proxied request goes.
 *
 * @param uri the Request-URI the branch carries (RFC 3261 §16.6 item 2)
 * @param qThousandths the preference, 0..1000 for q=0.000..1.000 (RFC 3261 §20.10); targets of
 *     equal q are tried in parallel, higher q before lower (RFC 3261 §16.6, RFC 3841 §7.6)
 * @param flowToken the flow the contact registered through (RFC 5626 §5.3), as the transport
 *     layer names it; null when the target is reached directly
 * @param received where that REGISTER came from, {@code "udp:192.0.2.1:5060"}, or null
 * @param outbound whether the binding is an RFC 5626 one (+sip.instance and reg-id): when its
 *     flow is gone it is not reached by its URI (RFC 5626 §5.3: 430 Flow Failed)
 * @param path the Path the contact registered with (RFC 3327 §5.3): the route set a request to
 *     it is pre-loaded with, ahead of any Route it already has ({@link RequestForwarder}); empty
 *     for none
 * @param behindNat whether the contact registered from behind a NAT (then it is reached at
 *     {@code received}); null when the binding was stored before NAT detection was, or the target
 *     is no binding
 */
public record Target(Uri uri, int qThousandths, String flowToken, String received, boolean outbound,
    List<NameAddr> path, Boolean behindNat) {
  /** q=1.0, the value of a contact that names none (RFC 3261 §20.10). */
  public static final int DEFAULT_Q = 1000;

  public Target {
    Objects.requireNonNull(uri, "uri");
    if (qThousandths < 0 || qThousandths > 1000) {
      throw new IllegalArgumentException("q out of range 0..1000: " + qThousandths);
    }
    path = path == null ? List.of() : List.copyOf(path);
  }

  /** A target whose NAT is not known. */
  public Target(Uri uri, int qThousandths, String flowToken, String received, boolean outbound, List<NameAddr> path) {
    this(uri, qThousandths, flowToken, received, outbound, path, null);
  }

  /** A target that is not a registered contact: no flow, no Path. */
  public Target(Uri uri, int qThousandths, String flowToken) {
    this(uri, qThousandths, flowToken, null, false, List.of());
  }

  /** A target with q=1.0 and no flow. */
  public static Target of(Uri uri) {
    return new Target(uri, DEFAULT_Q, null);
  }

  /**
   * A target from a registered contact in wire form (a location service binding): {@code q} in
   * thousandths, or negative when the contact named none (sorted as 1.0).
   *
   * @throws io.parley.message.SipParseException when {@code contactUri} is not a URI
   */
  public static Target ofContact(String contactUri, int q, String flowToken) {
    return new Target(Uri.parse(contactUri), q < 0 ? DEFAULT_Q : q, flowToken);
  }

  /**
   * This target reached through the flow of a party behind a NAT ({@link RecordedFlows}), its
   * Request-URI unchanged: the contact as the UA wrote it.
   */
  public Target through(String flow, String source) {
    return new Target(uri, qThousandths, flow, source, false, path, true);
  }

  /** Whether the branch is routed by a Path (RFC 3327 §5.3) rather than straight to the contact. */
  public boolean hasPath() {
    return !path.isEmpty();
  }

  /**
   * The targets grouped by q, highest first, each group keeping the given order: the groups a
   * proxy forks to in sequence, the targets of one group in parallel (RFC 3261 §16.6; RFC 3841
   * §7.6 "parallel within a q value, sequential between them").
   */
  public static List<List<Target>> byPreference(List<Target> targets) {
    List<Target> sorted = new ArrayList<>(targets);
    sorted.sort((a, b) -> Integer.compare(b.qThousandths, a.qThousandths)); // stable
    List<List<Target>> groups = new ArrayList<>(2);
    List<Target> current = null;
    int q = -1;
    for (Target t : sorted) {
      if (current == null || t.qThousandths != q) {
        current = new ArrayList<>(2);
        groups.add(current);
        q = t.qThousandths;
      }
      current.add(t);
    }
    return groups;
  }
}
