package io.parley.nat;

import io.parley.message.SipResponse;
import io.parley.message.header.Via;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The pings themselves. Over UDP an OPTIONS (nathelper's {@code sipping}): the UA's answer, any
 * answer, shows the pinhole is open; over TCP and TLS the RFC 5626 §3.5.1 double CRLF, which
 * needs no answer (the connection's own failure shows it is gone).
 *
 * <p>An OPTIONS names the ping in its branch ({@value #BRANCH_PREFIX}, then the binding's id and
 * the ping's number in hex, {@code id-n}: RFC 3261 §8.1.1.7's magic cookie first) and the node
 * whose binding it is in its Call-ID ({@code id-n@node}), so whichever node the answer reaches
 * knows where it goes, without keeping any state for the ping.
 */
public final class KeepaliveRequest {
  /** The magic cookie and "pka", Parley's keepalive: no branch of a transaction starts so. */
  public static final String BRANCH_PREFIX = "z9hG4bKpka";
  static final byte[] DOUBLE_CRLF = {'\r', '\n', '\r', '\n'};

  private KeepaliveRequest() {}

  /**
   * An OPTIONS to {@code contact}, sent from {@code local} (what its Via names, with {@code
   * rport}: RFC 3581, the answer must come back through the NAT to this very socket).
   *
   * @param pinger the node name of the node that owns the binding (the Call-ID's host part)
   */
  static byte[] options(String contact, InetSocketAddress local, long id, int seq, String pinger) {
    // a new transaction and a new Call-ID each time: a UA absorbs a request it has seen as a
    // retransmission (RFC 3261 §17.2.3), and SIPp ignores one for a call it has ended
    String hex = Long.toHexString(id) + '-' + Integer.toHexString(seq);
    String host = local.getAddress() instanceof Inet6Address
        ? "[" + local.getAddress().getHostAddress() + "]" : local.getAddress().getHostAddress();
    String hostPort = host + ":" + local.getPort();
    StringBuilder sb = new StringBuilder(256 + contact.length() * 2);
    sb.append("OPTIONS ").append(contact).append(" SIP/2.0\r\n")
        .append("Via: SIP/2.0/UDP ").append(hostPort).append(";branch=").append(BRANCH_PREFIX).append(hex)
        .append(";rport\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("From: <sip:keepalive@").append(hostPort).append(">;tag=").append(hex).append("\r\n")
        .append("To: <").append(contact).append(">\r\n")
        .append("Call-ID: ").append(hex).append('@').append(pinger).append("\r\n")
        .append("CSeq: 1 OPTIONS\r\n")
        .append("Content-Length: 0\r\n\r\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code response} answers a keepalive: its top Via's branch is one of ours. */
  public static boolean isAnswer(SipResponse response) {
    Via via = response.routing().topVia();
    String branch = via == null ? null : via.branch();
    return branch != null && branch.startsWith(BRANCH_PREFIX);
  }

  /**
   * The ping an answer is for and the node that sent it, or null when the answer is not of the
   * form {@link #options} writes (a forged or mangled one).
   */
  static Answer answer(SipResponse response) {
    String branch = response.routing().topVia().branch();
    String callId = response.callId();
    int at = callId == null ? -1 : callId.indexOf('@');
    String ping = branch.substring(BRANCH_PREFIX.length());
    int dash = ping.indexOf('-');
    if (at <= 0 || at == callId.length() - 1 || dash <= 0 || dash > 16 || !ping.equals(callId.substring(0, at))) {
      return null;
    }
    try {
      return new Answer(Long.parseUnsignedLong(ping.substring(0, dash), 16), callId.substring(at + 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** What an answer says: which binding's ping, and whose. */
  record Answer(long id, String pinger) {}
}
