package io.parley.proxy;

import io.parley.message.SipMessage;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test messages written as text, and the node identity they are proxied by. */
final class Msgs {
  private Msgs() {}

  /** The proxy: domain example.com, socket 192.0.2.10:5060 (UDP) and :5061 (TLS). */
  static final LocalIdentity IDENTITY = new LocalIdentity(List.of("example.com"),
      List.of(new InetSocketAddress("192.0.2.10", 5060), new InetSocketAddress("192.0.2.10", 5061)));
  static final SipInterface UDP = new SipInterface("udp", "192.0.2.10", 5060);
  static final SipInterface TLS = new SipInterface("tls", "192.0.2.10", 5061);
  /** The proof of the proxy's Record-Route values. */
  /** The home of the calls these tests forward for (cluster/HomeShards). */
  static final String HOME = "home01";
  static final RouteToken TOKENS = RouteToken.forSecret("0123456789abcdef-route-test");

  /** {@code text} with every line end turned into CRLF. */
  static byte[] crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  static SipRequest request(String text) {
    return (SipRequest) SipParser.parse(crlf(text));
  }

  static SipRequest request(byte[] bytes) {
    return (SipRequest) SipParser.parse(bytes);
  }

  static SipResponse response(String text) {
    return (SipResponse) SipParser.parse(crlf(text));
  }

  static SipMessage parse(byte[] bytes) {
    return SipParser.parse(bytes);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** An INVITE from alice to {@code uri}, with a body. */
  static String invite(String uri) {
    return "INVITE " + uri + " SIP/2.0\n"
        + "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKalice1;rport\n"
        + "Max-Forwards: 70\n"
        + "From: Alice <sip:alice@example.org>;tag=a1\n"
        + "To: <" + uri + ">\n"
        + "Call-ID: call-1@198.51.100.7\n"
        + "CSeq: 17 INVITE\n"
        + "Contact: <sip:alice@198.51.100.7:5060>\n"
        + "Content-Type: application/sdp\n"
        + "Content-Length: 5\n"
        + "\n"
        + "v=0\n";
  }

  /** A response of {@code status} to the INVITE of {@link #invite} as forwarded on branch {@code branch}. */
  static SipResponse reply(int status, String reason, String branch, String toTag, String... extra) {
    StringBuilder sb = new StringBuilder()
        .append("SIP/2.0 ").append(status).append(' ').append(reason).append('\n')
        .append("Via: SIP/2.0/UDP 192.0.2.10:5060;branch=").append(branch).append(";rport=5060\n")
        .append("Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKalice1;rport=5060;received=198.51.100.7\n")
        .append("From: Alice <sip:alice@example.org>;tag=a1\n")
        .append("To: <sip:bob@example.com>").append(toTag == null ? "" : ";tag=" + toTag).append('\n')
        .append("Call-ID: call-1@198.51.100.7\n")
        .append("CSeq: 17 INVITE\n");
    for (String e : extra) {
      sb.append(e).append('\n');
    }
    return response(sb.append("Content-Length: 0\n\n").toString());
  }
}
