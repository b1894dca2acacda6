package io.parley.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.message.SipParser;
import io.parley.message.SipResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CallHomesTest {
  private final CallHomes homes = CallHomes.alone("aaaaaa");

  private static SipResponse response(String branch) {
    String text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=" + branch + "\r\n"
        + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: c1@127.0.0.1\r\n"
        + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    return (SipResponse) SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aNewCallOrOneWithoutAHomeLivesHere() {
    assertEquals("aaaaaa|c1@127.0.0.1", homes.ofRequest(null, "c1@127.0.0.1"));
    assertEquals("aaaaaa|c1@127.0.0.1", homes.ofRequest("not a home", "c1@127.0.0.1"));
    assertEquals("bbbbbb|c1@127.0.0.1", homes.ofRequest("bbbbbb", "c1@127.0.0.1"), "a signed home is followed");
  }

  /** A branch is not signed: only a home known here is followed, so a stranger cannot open shards. */
  @Test
  void aResponseGoesToTheHomeItsBranchNamesWhenThatHomeIsKnown() {
    assertEquals("aaaaaa|c1@127.0.0.1", homes.ofResponse(response("z9hG4bKaaaaaa-0123456789abcdef.0")));
    assertEquals("aaaaaa|c1@127.0.0.1", homes.ofResponse(response("z9hG4bKcccccc-0123456789abcdef.0")));
    assertEquals("aaaaaa|c1@127.0.0.1", homes.ofResponse(response("z9hG4bKsomeoneelse")));
    homes.living("cccccc");
    assertEquals("cccccc|c1@127.0.0.1", homes.ofResponse(response("z9hG4bKcccccc-0123456789abcdef.0")));
  }
}
