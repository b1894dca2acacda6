package io.parley.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.Method;
import io.parley.message.SipParser;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialogTest {
  static final String OURS = "127.0.0.1:5060";
  static final long HOUR = 3_600_000;

  static SipRequest request(String method, String fromTag, String toTag, long cseq, String extra) {
    String m = method + " sip:bob@127.0.0.1:5070 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.2:5062;branch=z9hG4bK" + method + cseq + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:alice@example.com>;tag=" + fromTag + "\r\n"
        + "To: <sip:bob@example.com>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
        + "Call-ID: call-1\r\nCSeq: " + cseq + " " + method + "\r\n"
        + "Contact: <sip:alice@127.0.0.2:5062>\r\n" + extra + "Content-Length: 0\r\n\r\n";
    return (SipRequest) SipParser.parse(m.getBytes(StandardCharsets.UTF_8));
  }

  static SipResponse response(int status, String toTag, String extra) {
    String m = "SIP/2.0 " + status + " X\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.2:5062;branch=z9hG4bKINVITE1\r\n"
        + "From: <sip:alice@example.com>;tag=a1\r\n"
        + "To: <sip:bob@example.com>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
        + "Call-ID: call-1\r\nCSeq: 1 INVITE\r\n" + extra + "Content-Length: 0\r\n\r\n";
    return (SipResponse) SipParser.parse(m.getBytes(StandardCharsets.UTF_8));
  }

  static final String RR = "Record-Route: <sip:127.0.0.9:5080;lr>, <sip:" + OURS + ";lr;ptk=x>, <sip:127.0.0.8;lr>\r\n"
      + "Contact: <sip:bob@127.0.0.3:5070>\r\n";

  static Dialog confirmed() {
    Dialog d = Dialog.attempt(request("INVITE", "a1", null, 1, ""), "udp:127.0.0.2:5062", 1000, "n1", "home01", HOUR);
    assertTrue(d.onAnswered(response(200, "b1", RR), "sip:bob@127.0.0.3:5070", "udp:127.0.0.3:5070", 2000,
        u -> (u.host() + ":" + u.port()).equals(OURS)));
    return d;
  }

  @Test
  void anAttemptIsEarlyAndATaggedProvisionalGivesItsCalleeTag() {
    Dialog d = Dialog.attempt(request("INVITE", "a1", null, 1, ""), "udp:127.0.0.2:5062", 1000, "n1", "home01", HOUR);
    assertEquals(DialogState.EARLY, d.state());
    assertFalse(d.onProvisional(response(100, null, "")));
    assertTrue(d.onProvisional(response(180, "fork1", "")));
    assertTrue(d.onProvisional(response(183, "fork2", "")));
    assertEquals("fork2", d.info().callee().tag());
    assertEquals(0, d.nextTimeout(), "no timeout before the answer");
  }

  /** RFC 3261 §16.6 item 4: values above ours lead to the callee, those below back to the caller. */
  @Test
  void theFirst2xxConfirmsAndSplitsTheRouteSetAtOurRecordRoute() {
    Dialog d = confirmed();
    DialogInfo info = d.info();
    assertEquals(DialogState.CONFIRMED, info.state());
    assertEquals(List.of("<sip:127.0.0.9:5080;lr>"), info.callee().routeSet());
    assertEquals(List.of("<sip:127.0.0.8;lr>"), info.caller().routeSet());
    assertEquals("sip:bob@127.0.0.3:5070", info.callee().contact());
    assertEquals("sip:alice@127.0.0.2:5062", info.caller().contact());
    assertEquals("b1", info.callee().tag());
    assertEquals(2000, info.answerMillis());
    assertEquals(2000 + HOUR, d.nextTimeout());
    assertFalse(d.onAnswered(response(200, "b2", RR), "x", "y", 3000, u -> false), "another fork's 2xx");
  }

  @Test
  void aFinalNon2xxEndsTheAttempt() {
    Dialog d = Dialog.attempt(request("INVITE", "a1", null, 1, ""), "udp:127.0.0.2:5062", 1000, "n1", "home01", HOUR);
    CallEnded ended = d.onFailed(486, "Busy Here", HangUp.CALLEE, 5000);
    assertEquals(486, ended.status());
    assertEquals(0, ended.durationSeconds());
    assertEquals(DialogState.TERMINATED, ended.dialog().state());
    assertNull(confirmed().onFailed(487, "x", HangUp.CALLER, 1), "a rejection after the answer changes nothing");
  }

  /** RFC 3261 §12.2.2: a request with a lower CSeq than the last of its side gets 500. */
  @Test
  void inDialogRequestsKeepTheirSidesCseqInOrder() {
    Dialog d = confirmed();
    assertEquals(new Dialog.Accepted(Side.CALLER), d.onRequest(request("INFO", "a1", "b1", 2, ""), 3000));
    assertInstanceOf(Dialog.Refused.class, d.onRequest(request("INFO", "a1", "b1", 1, ""), 3000));
    assertEquals(500, ((Dialog.Refused) d.onRequest(request("INFO", "a1", "b1", 1, ""), 3000)).status());
    // the callee numbers its own requests: any first value is in order
    assertEquals(new Dialog.Accepted(Side.CALLEE), d.onRequest(request("INFO", "b1", "a1", 77, ""), 3000));
    assertInstanceOf(Dialog.Refused.class, d.onRequest(request("INFO", "b1", "a1", 76, ""), 3000));
    assertEquals(Dialog.Foreign.INSTANCE, d.onRequest(request("BYE", "a1", "other", 9, ""), 3000));
  }

  @Test
  void aByeEndsTheCallWithTheSideThatSentIt() {
    Dialog d = confirmed();
    Dialog.Verdict v = d.onRequest(request("BYE", "b1", "a1", 1, ""), 62_400);
    Dialog.Hangup h = assertInstanceOf(Dialog.Hangup.class, v);
    assertEquals(HangUp.CALLEE, h.call().endedBy());
    assertEquals(60, h.call().durationSeconds());
    assertTrue(d.isOver());
    assertNull(d.end(HangUp.OPERATOR, "x", 1), "an ended call is not ended twice");
  }

  /** RFC 4028 §10: the session lasts its interval from the last 2xx that set or refreshed it. */
  @Test
  void theSessionTimerComesFromThe2xxAndIsRefreshedByAReInvite() {
    Dialog d = Dialog.attempt(request("INVITE", "a1", null, 1, "Session-Expires: 1800\r\n"), "f", 0, "n", "home01", HOUR);
    d.onAnswered(response(200, "b1", RR + "Session-Expires: 90;refresher=uac\r\n"), "u", "f", 1000, u -> false);
    assertEquals(91_000, d.nextTimeout());
    assertEquals(HangUp.SESSION_EXPIRED, d.timeoutCause());
    d.onRequest(request("INVITE", "a1", "b1", 2, ""), 50_000);
    d.onInDialogAnswer(Method.INVITE, Side.CALLER, response(200, "b1", "Session-Expires: 120\r\n"), 50_000);
    assertEquals(170_000, d.nextTimeout());
    d.onInDialogAnswer(Method.UPDATE, Side.CALLER, response(200, "b1", ""), 60_000);
    assertEquals(1000 + HOUR, d.nextTimeout(), "a refresh without Session-Expires ends the session timer");
    assertEquals(HangUp.MAX_DURATION, d.timeoutCause());
  }

  @Test
  void aReInviteChangesTheSendersTarget() {
    Dialog d = confirmed();
    d.onRequest(request("INVITE", "a1", "b1", 2, ""), 3000);
    assertEquals("sip:alice@127.0.0.2:5062", d.info().caller().contact());
    d.onInDialogAnswer(Method.INVITE, Side.CALLER, response(200, "b1", "Contact: <sip:bob@127.0.0.4>\r\n"), 3000);
    assertEquals("sip:bob@127.0.0.4", d.info().callee().contact());
  }

  @Test
  void theProxysByeUsesANewCseqOfTheSideItSpeaksFor() {
    Dialog d = confirmed();
    assertEquals(2, d.nextCseqToward(Side.CALLEE), "the caller used 1");
    assertEquals(3, d.nextCseqToward(Side.CALLEE));
    assertEquals(1, d.nextCseqToward(Side.CALLER), "the callee used none");
    CallEnded ended = d.end(HangUp.MAX_DURATION, "max duration", 2000 + HOUR);
    assertEquals(HangUp.MAX_DURATION, ended.endedBy());
    assertEquals(3600, ended.durationSeconds());
  }

  @Test
  void aRestoredDialogKeepsItsDeadline() {
    Dialog d = Dialog.restore(confirmed().info());
    assertTrue(d.isConfirmed());
    assertEquals(2000 + HOUR, d.nextTimeout());
    assertInstanceOf(Dialog.Hangup.class, d.onRequest(request("BYE", "a1", "b1", 5, ""), 9000));
  }
}
