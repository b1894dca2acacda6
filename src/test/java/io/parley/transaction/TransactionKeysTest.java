package io.parley.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransactionKeysTest {
  private static SipRequest request(String method, String branch, String toTag) {
    String via = branch == null ? "SIP/2.0/UDP 192.0.2.1:5060" : "SIP/2.0/UDP 192.0.2.1:5060;branch=" + branch;
    String m = method + " sip:bob@example.com SIP/2.0\r\nVia: " + via + "\r\nMax-Forwards: 70\r\n"
        + "From: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>" + (toTag == null ? "" : ";tag=" + toTag)
        + "\r\nCall-ID: k1\r\nCSeq: 1 " + method + "\r\nContent-Length: 0\r\n\r\n";
    byte[] b = m.getBytes(StandardCharsets.US_ASCII);
    return (SipRequest) SipParser.parse(b, 0, b.length);
  }

  @Test
  void anAckMatchesItsInviteAndACancelHasItsOwnTransaction() {
    SipRequest invite = request("INVITE", "z9hG4bK-1", null);
    SipRequest ack = request("ACK", "z9hG4bK-1", "b9");
    SipRequest cancel = request("CANCEL", "z9hG4bK-1", null);
    assertEquals(TransactionKeys.server(invite), TransactionKeys.server(ack));
    assertNotEquals(TransactionKeys.server(invite), TransactionKeys.server(cancel));
    assertEquals(TransactionKeys.server(invite), TransactionKeys.cancelledInvite(cancel));
  }

  @Test
  void anotherBranchIsAnotherTransaction() {
    assertNotEquals(TransactionKeys.server(request("INVITE", "z9hG4bK-1", null)),
        TransactionKeys.server(request("INVITE", "z9hG4bK-2", null)));
  }

  @Test
  void rfc2543RequestsMatchWithoutABranchAndTheAckIgnoresTheToTag() {
    SipRequest invite = request("INVITE", null, null);
    SipRequest ack = request("ACK", null, "b9");
    assertEquals(TransactionKeys.server(invite), TransactionKeys.server(ack));
    assertNotEquals(TransactionKeys.server(invite), TransactionKeys.server(request("BYE", null, "b9")));
  }

  @Test
  void aResponseMatchesByBranchAndCSeqMethod() {
    String r = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKx\r\nFrom: <sip:a@b>;tag=1\r\n"
        + "To: <sip:c@d>;tag=2\r\nCall-ID: k1\r\nCSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n";
    byte[] b = r.getBytes(StandardCharsets.US_ASCII);
    SipResponse response = (SipResponse) SipParser.parse(b, 0, b.length);
    assertEquals(TransactionKeys.client("z9hG4bKx", io.parley.message.Method.CANCEL), TransactionKeys.client(response));
    assertNotEquals(TransactionKeys.client("z9hG4bKx", io.parley.message.Method.INVITE), TransactionKeys.client(response));
  }
}
