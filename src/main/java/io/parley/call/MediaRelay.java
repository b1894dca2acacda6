package io.parley.call;

import io.parley.message.HeaderName;
import io.parley.message.MessageBuilder;
import io.parley.message.SipMessage;
import io.parley.message.SipParser;
import io.parley.message.uri.SipUri;
import io.parley.nat.MediaRelaySettings;
import io.parley.nat.NatDetection;
import io.parley.nat.RtpEngine;
import io.parley.proxy.Target;
import io.parley.transaction.Inbound;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The node's media relay as the call entities use it ({@code parley.nat.media-relay}; issue 13):
 * which calls go through rtpengine, and the flags they are offered with. rtpengine rewrites the
 * origin and connection lines to itself; a party behind a NAT is given as the address its SIP came
 * from ({@code received-from}, {@code SIP-source-address}), since its SDP names a private one.
 *
 * @param engine the node's rtpengine client
 * @param mode nat-only or always
 * @param askTimeout how long an entity waits for the client's answer: longer than the client's
 *     own timeouts over every instance, so the client always answers first
 */
public record MediaRelay(ActorRef<RtpEngine.Command> engine, MediaRelaySettings.Mode mode, Duration askTimeout) {
  static final List<String> FLAGS = List.of("replace-origin", "replace-session-connection");

  /** The flags for a party, behind a NAT or not. */
  static List<String> flags(boolean behindNat) {
    if (!behindNat) {
      return FLAGS;
    }
    List<String> f = new ArrayList<>(FLAGS);
    f.add("SIP-source-address");
    return f;
  }

  /** Whether an INVITE to {@code targets} goes through the relay. */
  boolean applies(boolean callerBehindNat, List<Target> targets) {
    if (mode == MediaRelaySettings.Mode.ALWAYS || callerBehindNat) {
      return mode != MediaRelaySettings.Mode.NEVER;
    }
    for (Target t : targets) {
      if (Boolean.TRUE.equals(t.behindNat())) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code m} carries an SDP body (RFC 3264). */
  static boolean hasSdp(SipMessage m) {
    int ct = m.first(HeaderName.CONTENT_TYPE);
    return ct >= 0 && m.bodyLength() > 0
        && m.valueAt(ct).trim().toLowerCase(Locale.ROOT).startsWith("application/sdp");
  }

  /** Whether the sender of {@code inbound}, a request, is behind a NAT ({@code parley.nat.detect}). */
  static boolean behindNat(NatDetection nat, Inbound inbound) {
    SipMessage r = inbound.message();
    String contactHost = null;
    try {
      if (nat.readsContact() && !r.contacts().isEmpty() && r.contacts().get(0).uri() instanceof SipUri c) {
        contactHost = c.host();
      }
    } catch (RuntimeException e) {
      contactHost = null;
    }
    InetSocketAddress source = sourceOf(inbound);
    return source != null && nat.behindNat(source, r.routing().topVia(), contactHost);
  }

  /** Where {@code inbound} came from. */
  static InetSocketAddress sourceOf(Inbound inbound) {
    return Inbound.parseReceived(inbound.receivedFrom());
  }

  /** The address a target's REGISTER came from, or null. */
  static InetAddress receivedOf(Target target) {
    InetSocketAddress a = target.received() == null ? null : Inbound.parseReceived(target.received());
    return a == null ? null : a.getAddress();
  }

  /** {@code m} with {@code sdp} as its body, parsed again. */
  @SuppressWarnings("unchecked")
  static <M extends SipMessage> M withBody(M m, byte[] sdp) {
    return (M) SipParser.parse(MessageBuilder.edit(m).body(sdp, 0, sdp.length).build());
  }
}
