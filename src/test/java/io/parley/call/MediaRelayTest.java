package io.parley.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipMessage;
import io.parley.message.SipParser;
import io.parley.message.uri.Uri;
import io.parley.nat.MediaRelaySettings.Mode;
import io.parley.proxy.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which calls go through rtpengine, and what it is told of the parties. */
class MediaRelayTest {
  private static final Target DIRECT = Target.of(Uri.parse("sip:bob@127.0.0.1:5070"));
  private static final Target NATED = new Target(Uri.parse("sip:bob@10.0.0.9:5060"), 1000, "udp~b2~n1",
      "udp:203.0.113.9:40002", false, List.of(), true);

  private static MediaRelay relay(Mode mode) {
    return new MediaRelay(null, mode, Duration.ofSeconds(3));
  }

  @Test
  void natOnlyRelaysWhenEitherSideIsBehindANat() {
    assertFalse(relay(Mode.NAT_ONLY).applies(false, List.of(DIRECT)));
    assertTrue(relay(Mode.NAT_ONLY).applies(true, List.of(DIRECT)), "the caller");
    assertTrue(relay(Mode.NAT_ONLY).applies(false, List.of(DIRECT, NATED)), "a callee's binding");
    assertTrue(relay(Mode.ALWAYS).applies(false, List.of(DIRECT)));
    assertFalse(relay(Mode.NEVER).applies(true, List.of(NATED)));
  }

  @Test
  void aPartyBehindANatIsGivenByItsSourceAddress() {
    assertEquals(List.of("replace-origin", "replace-session-connection"), MediaRelay.flags(false));
    assertEquals(List.of("replace-origin", "replace-session-connection", "SIP-source-address"), MediaRelay.flags(true));
    assertEquals("203.0.113.9", MediaRelay.receivedOf(NATED).getHostAddress());
  }

  @Test
  void onlyAnSdpBodyIsOffered() {
    String head = "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\r\n"
        + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: m1\r\nCSeq: 1 INVITE\r\n";
    assertTrue(MediaRelay.hasSdp(parse(head + "Content-Type: Application/SDP\r\nContent-Length: 5\r\n\r\nv=0\r\n")));
    assertFalse(MediaRelay.hasSdp(parse(head + "Content-Length: 0\r\n\r\n")));
    assertFalse(MediaRelay.hasSdp(parse(head + "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi")));
    SipMessage replaced = MediaRelay.withBody(parse(head + "Content-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n"),
        "v=0\r\ns=-\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals("v=0\r\ns=-\r\n", new String(replaced.body(), StandardCharsets.US_ASCII));
    assertEquals(10, replaced.bodyLength());
  }

  private static SipMessage parse(String s) {
    return SipParser.parse(s.getBytes(StandardCharsets.UTF_8));
  }
}
