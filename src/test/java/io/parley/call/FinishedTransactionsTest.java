package io.parley.call;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.transaction.Destination;
import io.parley.transaction.SipPort;
import io.parley.transaction.TransactionKeys;
import io.parley.transport.Flow;
import io.parley.transport.FlowId;
import io.parley.transport.SipSender;
import io.parley.transport.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The few fields a finished call's transactions are kept as: a retransmitted request gets its
 * final response again or is absorbed, a retransmitted response gets its ACK or forwarded 2xx
 * again or is absorbed, each only until its timer would have ended it; other messages of the
 * Call-ID pass, and the sweep forgets what expired.
 */
class FinishedTransactionsTest {
  private static final InetSocketAddress PROXY = new InetSocketAddress("127.0.0.1", 5060);
  private static final InetSocketAddress CALLER = new InetSocketAddress("127.0.0.1", 5062);
  private static final InetSocketAddress CALLEE = new InetSocketAddress("127.0.0.1", 5072);
  private static final Flow CALLER_FLOW = new Flow(new FlowId("node-1", Transport.UDP, 1), Transport.UDP, PROXY, CALLER);
  private static final long SECOND = 1_000_000_000L;

  private record Sent(InetSocketAddress to, byte[] bytes) {}

  private final List<Sent> sent = new ArrayList<>();
  private final FinishedTransactions finished = new FinishedTransactions(new SipPort(new SipSender() {
    @Override
    public boolean send(Flow flow, byte[] bytes) {
      sent.add(new Sent(flow.remote(), bytes));
      return true;
    }

    @Override
    public boolean send(Transport transport, InetSocketAddress destination, byte[] bytes) {
      sent.add(new Sent(destination, bytes));
      return true;
    }

    @Override
    public Flow flow(FlowId id, InetSocketAddress remote) {
      return null;
    }
  }, Map.of(Transport.UDP, PROXY)));

  private static SipRequest request(String text) {
    byte[] b = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    return (SipRequest) SipParser.parse(b, 0, b.length);
  }

  private static SipResponse response(int status, String branch, String method) {
    String text = "SIP/2.0 " + status + " Whatever\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=" + branch + "\n"
        + CallMessages.VIA
        + "From: <sip:alice@example.com>;tag=a1\nTo: <sip:bob@example.com>;tag=b1\n"
        + "Call-ID: " + CallMessages.CALL_ID + "\nCSeq: 7 " + method + "\nContent-Length: 0\n\n";
    byte[] b = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    return (SipResponse) SipParser.parse(b, 0, b.length);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRetransmittedRequestGetsItsFinalResponseAgainUntilItsTimerWouldHaveEnded() {
    SipRequest invite = request(CallMessages.invite("sip:bob@example.com"));
    byte[] ok = bytes("SIP/2.0 200 OK\r\n\r\n");
    finished.hold(CallMessages.CALL_ID, List.of(new FinishedTransactions.Held(TransactionKeys.server(invite), true,
        ok, Destination.through(CALLER_FLOW), 32 * SECOND)));

    assertTrue(finished.takeRequest(invite, 31 * SECOND));
    assertEquals(1, sent.size());
    assertEquals(CALLER, sent.get(0).to());
    assertArrayEquals(ok, sent.get(0).bytes());
    // the timer has run out: the request is the edge's again
    assertFalse(finished.takeRequest(invite, 32 * SECOND));
    assertEquals(1, sent.size());
    assertEquals(new FinishedTransactions.Stats(1, 1, 0, 1), finished.stats());
  }

  @Test
  void anAbsorbingTransactionSendsNothingAndOtherRequestsOfTheCallPass() {
    SipRequest invite = request(CallMessages.invite("sip:bob@example.com"));
    finished.hold(CallMessages.CALL_ID, List.of(
        new FinishedTransactions.Held(TransactionKeys.server(invite), true, null, null, 32 * SECOND)));

    assertTrue(finished.takeRequest(invite, 0));
    // the ACK of a non-2xx matches its INVITE's transaction (RFC 3261 §17.2.3)
    assertTrue(finished.takeRequest(request(CallMessages.ackOfFailure("sip:bob@example.com", "b1")), 0));
    // a CANCEL has a transaction of its own; the ACK of a 2xx too (another branch)
    assertFalse(finished.takeRequest(request(CallMessages.cancel("sip:bob@example.com")), 0));
    assertFalse(finished.takeRequest(
        request(CallMessages.ackOfSuccess("sip:bob@127.0.0.1:5072", "sip:bob@example.com", "b1")), 0));
    assertEquals(0, sent.size());
    assertEquals(2, finished.stats().absorbed());
  }

  @Test
  void aRetransmittedResponseGetsWhatItsClientTransactionKeptAndOnlyItsOwn() {
    byte[] ack = bytes("ACK sip:bob@127.0.0.1:5072 SIP/2.0\r\n\r\n");
    byte[] forwarded = bytes("SIP/2.0 200 OK\r\n\r\n");
    finished.hold(CallMessages.CALL_ID, List.of(
        new FinishedTransactions.Held(TransactionKeys.client("z9hG4bKfailed", io.parley.message.Method.INVITE), false,
            ack, new Destination(Transport.UDP, CALLEE), 32 * SECOND)));
    finished.hold(CallMessages.CALL_ID, List.of(
        new FinishedTransactions.Held(TransactionKeys.client("z9hG4bKanswered", io.parley.message.Method.INVITE), false,
            forwarded, Destination.through(CALLER_FLOW), 32 * SECOND)));

    assertTrue(finished.takeResponse(response(486, "z9hG4bKfailed", "INVITE"), 0));
    assertTrue(finished.takeResponse(response(200, "z9hG4bKanswered", "INVITE"), 0));
    assertEquals(List.of(CALLEE, CALLER), sent.stream().map(Sent::to).toList());
    assertArrayEquals(ack, sent.get(0).bytes());
    assertArrayEquals(forwarded, sent.get(1).bytes());
    // the response to a CANCEL of the same branch is another transaction's; a request never matches a client one
    assertFalse(finished.takeResponse(response(200, "z9hG4bKanswered", "CANCEL"), 0));
    assertEquals(new FinishedTransactions.Stats(1, 2, 0, 2), finished.stats());
  }

  @Test
  void theSweepForgetsExpiredTransactionsAndACallWithItsLast() {
    finished.hold("a", List.of(new FinishedTransactions.Held("k1", true, null, null, 5 * SECOND),
        new FinishedTransactions.Held("k2", true, null, null, 32 * SECOND)));
    finished.hold("b", List.of(new FinishedTransactions.Held("k3", true, null, null, 5 * SECOND)));
    finished.sweep(4 * SECOND);
    assertEquals(new FinishedTransactions.Stats(2, 3, 0, 0), finished.stats());
    finished.sweep(5 * SECOND);
    assertEquals(new FinishedTransactions.Stats(1, 1, 0, 0), finished.stats());
    finished.sweep(32 * SECOND);
    assertEquals(new FinishedTransactions.Stats(0, 0, 0, 0), finished.stats());
  }
}
