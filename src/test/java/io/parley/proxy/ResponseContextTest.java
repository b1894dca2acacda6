package io.parley.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.message.HeaderName;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import io.parley.message.uri.Uri;
import io.parley.proxy.ProxyAction.CancelBranch;
import io.parley.proxy.ProxyAction.Completed;
import io.parley.proxy.ProxyAction.ForwardResponse;
import io.parley.proxy.ProxyAction.SendFinal;
import io.parley.proxy.ProxyAction.StartBranch;
import io.parley.proxy.ResponseContext.BranchState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseContextTest {
  private static final SipRequest INVITE = Msgs.request(Msgs.invite("sip:bob@example.com"));
  private static final Target PHONE = Target.of(Uri.parse("sip:bob@203.0.113.5"));
  private static final Target MOBILE = Target.of(Uri.parse("sip:bob@203.0.113.6"));
  private static final Target VOICEMAIL = new Target(Uri.parse("sip:vm@203.0.113.7"), 500, null);

  private static ResponseContext started(SipRequest request, Target... targets) {
    ResponseContext ctx = new ResponseContext(request, List.of(targets), 10, "Parley");
    List<ProxyAction> start = ctx.start();
    assertTrue(start.stream().allMatch(a -> a instanceof StartBranch));
    return ctx;
  }

  private static SipResponse reply(int status, int branch, String... extra) {
    String reason = switch (status) {
      case 100 -> "Trying";
      case 180 -> "Ringing";
      case 200 -> "OK";
      default -> "Whatever";
    };
    return Msgs.reply(status, reason, BranchId.of(Msgs.HOME, 42, branch), status == 100 ? null : "to" + branch, extra);
  }

  /** The response that an action sends upstream, parsed. */
  private static SipResponse upstream(ProxyAction a) {
    byte[] bytes = a instanceof ForwardResponse f ? f.response() : ((SendFinal) a).response();
    return (SipResponse) Msgs.parse(bytes);
  }

  @Test
  void provisionalsForwardedWithoutOurViaExcept100() {
    ResponseContext ctx = started(INVITE, PHONE);
    assertEquals(List.of(), ctx.onResponse(0, reply(100, 0)), "RFC 3261 §16.7 item 5: never a 100");
    assertEquals(BranchState.PROCEEDING, ctx.state(0));
    List<ProxyAction> ringing = ctx.onResponse(0, reply(180, 0));
    assertEquals(1, ringing.size());
    SipResponse up = upstream(ringing.get(0));
    assertEquals(180, up.statusCode());
    assertEquals(1, up.routing().vias().size(), "item 3: our Via removed");
    assertEquals("z9hG4bKalice1", up.routing().topVia().branch());

    List<ProxyAction> ok = ctx.onResponse(0, reply(200, 0));
    assertEquals(200, ((ForwardResponse) ok.get(0)).status());
    assertInstanceOf(Completed.class, ok.get(1));
    assertTrue(ctx.isCompleted());
    assertTrue(ctx.finalSent());
  }

  /** The example of the task: 486 and 603 give 603, and the other branch is cancelled. */
  @Test
  void sixHundredWinsAndCancelsTheOtherBranch() {
    ResponseContext ctx = started(INVITE, PHONE, MOBILE);
    ctx.onResponse(0, reply(180, 0));
    ctx.onResponse(1, reply(180, 1));
    List<ProxyAction> decline = ctx.onResponse(1, reply(603, 1));
    assertEquals(List.of(new CancelBranch(0, null)), decline, "item 5: a 6xx is held, the others cancelled");
    assertEquals(BranchState.CANCELLED, ctx.state(0));
    List<ProxyAction> busy = ctx.onResponse(0, reply(486, 0));
    assertEquals(603, upstream(busy.get(0)).statusCode(), "item 6: a 6xx is chosen first");
    assertInstanceOf(Completed.class, busy.get(1));
  }

  @Test
  void sixHundredWinsWhenItArrivesLast() {
    ResponseContext ctx = started(INVITE, PHONE, MOBILE);
    assertEquals(List.of(), ctx.onResponse(0, reply(486, 0)));
    List<ProxyAction> out = ctx.onResponse(1, reply(603, 1));
    assertEquals(603, ((ForwardResponse) out.get(0)).status());
  }

  @Test
  void lowestClassThenLowestCode() {
    ResponseContext ctx = started(INVITE, PHONE, MOBILE, Target.of(Uri.parse("sip:bob@203.0.113.8")));
    ctx.onResponse(0, reply(486, 0));
    ctx.onResponse(1, reply(404, 1));
    List<ProxyAction> out = ctx.onResponse(2, reply(500, 2));
    assertEquals(404, ((ForwardResponse) out.get(0)).status());
    ResponseContext redirect = started(INVITE, PHONE, MOBILE);
    redirect.onResponse(0, reply(486, 0));
    assertEquals(302, ((ForwardResponse) redirect.onResponse(1, reply(302, 1, "Contact: <sip:bob@192.0.2.99>")).get(0))
        .status(), "a 3xx beats a 4xx; it is not recursed on");
  }

  @Test
  void everyTwoHundredIsForwarded() {
    ResponseContext ctx = started(INVITE, PHONE, MOBILE);
    ctx.onResponse(0, reply(180, 0));
    ctx.onResponse(1, reply(180, 1));
    List<ProxyAction> first = ctx.onResponse(0, reply(200, 0));
    assertEquals(200, ((ForwardResponse) first.get(0)).status());
    CancelBranch cancel = (CancelBranch) first.get(1);
    assertEquals(1, cancel.branch(), "item 10: the pending branch is cancelled");
    assertTrue(cancel.reason().contains("cause=200"), "RFC 3326 Reason: answered elsewhere");
    assertEquals(2, first.size());

    List<ProxyAction> second = ctx.onResponse(1, reply(200, 1));
    assertEquals(200, ((ForwardResponse) second.get(0)).status(), "RFC 6026 §8.4: forwarded too");
    assertEquals("to1", upstream(second.get(0)).routing().to().tag());
    assertInstanceOf(Completed.class, second.get(1));

    assertEquals(200, ((ForwardResponse) ctx.onResponse(0, reply(200, 0)).get(0)).status(),
        "a retransmitted 2xx goes upstream as well");
    assertEquals(List.of(), ctx.onResponse(1, reply(487, 1)), "no non-2xx after the final one");
    assertEquals(List.of(), ctx.onResponse(1, reply(183, 1)), "no provisional after a final one");
  }

  @Test
  void only503Becomes500() {
    ResponseContext ctx = started(INVITE, PHONE);
    List<ProxyAction> out = ctx.onResponse(0, reply(503, 0, "Retry-After: 30"));
    SendFinal f = (SendFinal) out.get(0);
    assertEquals(500, f.status(), "item 6: 503 is not forwarded");
    SipResponse up = upstream(f);
    assertEquals(500, up.statusCode());
    assertEquals(1, up.routing().vias().size());
    assertEquals("Parley", up.value(HeaderName.SERVER));
    assertTrue(up.routing().to().tag() != null, "our own final response has a To tag");
  }

  @Test
  void aRealResponseBeats503InTheSameClass() {
    ResponseContext ctx = started(INVITE, PHONE, MOBILE);
    ctx.onResponse(0, reply(503, 0));
    assertEquals(504, ((ForwardResponse) ctx.onResponse(1, reply(504, 1)).get(0)).status());
  }

  @Test
  void allBranchesTimingOutGive408() {
    ResponseContext ctx = started(INVITE, PHONE, MOBILE);
    assertEquals(List.of(), ctx.onBranchTimeout(0));
    assertEquals(BranchState.TERMINATED, ctx.state(0));
    List<ProxyAction> out = ctx.onBranchTimeout(1);
    assertEquals(408, ((SendFinal) out.get(0)).status());
    assertEquals(408, upstream(out.get(0)).statusCode());
    assertInstanceOf(Completed.class, out.get(1));
  }

  @Test
  void aTimeoutLosesToARealResponse() {
    ResponseContext ctx = started(INVITE, PHONE, MOBILE);
    ctx.onBranchTimeout(0);
    assertEquals(486, ((ForwardResponse) ctx.onResponse(1, reply(486, 1)).get(0)).status());
  }

  @Test
  void aTimerCBranchLosesToAnotherBranchsRealAnswer() {
    ResponseContext ctx = started(INVITE, PHONE, MOBILE);
    ctx.onResponse(0, reply(180, 0));
    ctx.onBranchTimerC(0);
    ctx.onResponse(0, reply(487, 0));
    assertEquals(480, ((ForwardResponse) ctx.onResponse(1, reply(480, 1)).get(0)).status());
  }

  @Test
  void transportErrorCountsAs503() {
    ResponseContext ctx = started(INVITE, PHONE);
    assertEquals(500, ((SendFinal) ctx.onTransportError(0).get(0)).status(), "RFC 3261 §16.9");
  }

  @Test
  void challengesOfAllBranchesAreCollected() {
    ResponseContext ctx = started(INVITE, PHONE, MOBILE, Target.of(Uri.parse("sip:bob@203.0.113.8")));
    ctx.onResponse(0, reply(407, 0, "Proxy-Authenticate: Digest realm=\"a.example\", nonce=\"1\""));
    ctx.onResponse(1, reply(486, 1));
    List<ProxyAction> out = ctx.onResponse(2, reply(401, 2, "WWW-Authenticate: Digest realm=\"b.example\", nonce=\"2\""));
    SipResponse up = upstream(out.get(0));
    assertEquals(401, up.statusCode(), "item 6: 401 and 407 are preferred in the 4xx class");
    assertEquals("Digest realm=\"b.example\", nonce=\"2\"", up.value(HeaderName.WWW_AUTHENTICATE));
    assertEquals("Digest realm=\"a.example\", nonce=\"1\"", up.value(HeaderName.PROXY_AUTHENTICATE), "item 7");
    assertEquals(1, up.routing().vias().size());
  }

  @Test
  void uacCancelCancelsBranchesOnceTheyHaveHeardA1xx() {
    ResponseContext ctx = started(INVITE, PHONE, MOBILE);
    ctx.onResponse(0, reply(180, 0));
    assertEquals(List.of(new CancelBranch(0, null)), ctx.onCancel(), "§9.1: branch 1 has heard nothing yet");
    assertEquals(BranchState.TRYING, ctx.state(1));
    List<ProxyAction> trying = ctx.onResponse(1, reply(100, 1));
    assertEquals(List.of(new CancelBranch(1, null)), trying, "its CANCEL goes once a provisional arrived");
    assertEquals(List.of(), ctx.onResponse(0, reply(487, 0)));
    List<ProxyAction> out = ctx.onResponse(1, reply(487, 1));
    assertEquals(487, ((ForwardResponse) out.get(0)).status());
    assertInstanceOf(Completed.class, out.get(1));
    assertEquals(List.of(), ctx.onCancel(), "a CANCEL after the final response changes nothing");
  }

  @Test
  void uacCancelWithoutAnyAnswerGives487OfOurOwn() {
    ResponseContext ctx = started(INVITE, PHONE);
    ctx.onCancel();
    List<ProxyAction> out = ctx.onBranchTimeout(0);
    assertEquals(487, ((SendFinal) out.get(0)).status());
    assertEquals(487, upstream(out.get(0)).statusCode());
  }

  @Test
  void aTwoHundredRacingTheCancelIsForwarded() {
    ResponseContext ctx = started(INVITE, PHONE);
    ctx.onResponse(0, reply(180, 0));
    ctx.onCancel();
    assertEquals(200, ((ForwardResponse) ctx.onResponse(0, reply(200, 0)).get(0)).status());
  }

  @Test
  void timerCCancelsARingingBranchAndTimesOutASilentOne() {
    ResponseContext ctx = started(INVITE, PHONE, MOBILE);
    ctx.onResponse(0, reply(180, 0));
    assertEquals(List.of(new CancelBranch(0, null)), ctx.onBranchTimerC(0), "RFC 3261 §16.8");
    assertEquals(List.of(), ctx.onBranchTimerC(1), "no provisional: as if a 408 came");
    assertEquals(BranchState.TERMINATED, ctx.state(1));
    List<ProxyAction> out = ctx.onResponse(0, reply(487, 0));
    assertEquals(408, ((SendFinal) out.get(0)).status(), "the 487 answers our CANCEL: it counts as 408");
  }

  @Test
  void lowerQValuesAreTriedInSequence() {
    ResponseContext ctx = new ResponseContext(INVITE, List.of(VOICEMAIL, PHONE, MOBILE), 10, "");
    assertEquals(List.of(new StartBranch(0, PHONE), new StartBranch(1, MOBILE)), ctx.start());
    ctx.onResponse(0, reply(486, 0));
    List<ProxyAction> next = ctx.onResponse(1, reply(480, 1));
    assertEquals(List.of(new StartBranch(2, VOICEMAIL)), next, "the q=0.5 group after the q=1.0 group failed");
    List<ProxyAction> out = ctx.onResponse(2, reply(200, 2));
    assertEquals(200, ((ForwardResponse) out.get(0)).status());
    assertInstanceOf(Completed.class, out.get(1));
  }

  @Test
  void noNewBranchAfterASixHundred() {
    ResponseContext ctx = new ResponseContext(INVITE, List.of(PHONE, VOICEMAIL), 10, "");
    ctx.start();
    List<ProxyAction> out = ctx.onResponse(0, reply(603, 0));
    assertEquals(603, ((ForwardResponse) out.get(0)).status());
    assertEquals(1, ctx.branchCount());
  }

  @Test
  void maxBranchesLimitsTheTargets() {
    ResponseContext ctx = new ResponseContext(INVITE, List.of(VOICEMAIL, PHONE, MOBILE), 2, "");
    assertEquals(List.of(new StartBranch(0, PHONE), new StartBranch(1, MOBILE)), ctx.start(),
        "the lowest q is dropped");
    ctx.onResponse(0, reply(486, 0));
    assertFalse(ctx.onResponse(1, reply(486, 1)).get(0) instanceof StartBranch, "the third target was dropped");
  }

  @Test
  void nonInviteIsNeverCancelledAndOnlyOneTwoHundredGoesUp() {
    SipRequest message = Msgs.request(Msgs.invite("sip:bob@example.com").replace("INVITE", "MESSAGE"));
    ResponseContext ctx = started(message, PHONE, MOBILE);
    List<ProxyAction> first = ctx.onResponse(0, reply(200, 0));
    assertEquals(1, first.size(), "§9.1: no CANCEL for a non-INVITE");
    assertEquals(200, ((ForwardResponse) first.get(0)).status());
    assertEquals(List.of(new Completed()), ctx.onResponse(1, reply(200, 1)), "item 5: only 2xx to an INVITE");
    assertEquals(List.of(), ctx.onCancel());
  }

  @Test
  void lateEventsOnAFinishedBranchAreIgnored() {
    ResponseContext ctx = started(INVITE, PHONE, MOBILE);
    ctx.onResponse(0, reply(486, 0));
    assertEquals(List.of(), ctx.onResponse(0, reply(486, 0)));
    assertEquals(List.of(), ctx.onBranchTimeout(0));
    assertEquals(List.of(), ctx.onBranchTimerC(0));
    assertEquals(List.of(), ctx.onResponse(0, reply(180, 0)));
    assertThrows(IllegalArgumentException.class, () -> ctx.onBranchTimeout(7));
    assertNull(ctx.target(0).flowToken());
  }

  /**
   * parley.nat.fix-contact: the 1xx and 2xx of a callee registered from behind a NAT go upstream
   * with its Contact rewritten to where its REGISTER came from, parameters kept; off, as written.
   */
  @Test
  void fixContactRewritesANatedCalleesContact() {
    Target nated = new Target(Uri.parse("sip:bob@10.0.0.9:5060"), 1000, "udp~b2~n1", "udp:203.0.113.9:40002", false,
        List.of(), true);
    String contact = "Contact: <sip:bob@10.0.0.9:5060;transport=udp>;+sip.instance=\"<urn:uuid:1>\"";
    ResponseContext fixing = new ResponseContext(INVITE, List.of(nated), 10, "Parley", true);
    fixing.start();
    String fixed = "<sip:bob@203.0.113.9:40002;transport=udp>;+sip.instance=\"<urn:uuid:1>\"";
    assertEquals(List.of(fixed), upstream(fixing.onResponse(0, reply(180, 0, contact)).get(0))
        .values(HeaderName.CONTACT));
    assertEquals(List.of(fixed), upstream(fixing.onResponse(0, reply(200, 0, contact)).get(0))
        .values(HeaderName.CONTACT));

    ResponseContext keeping = new ResponseContext(INVITE, List.of(nated), 10, "Parley");
    keeping.start();
    assertEquals(List.of("<sip:bob@10.0.0.9:5060;transport=udp>;+sip.instance=\"<urn:uuid:1>\""),
        upstream(keeping.onResponse(0, reply(200, 0, contact)).get(0)).values(HeaderName.CONTACT));

    ResponseContext direct = new ResponseContext(INVITE, List.of(PHONE), 10, "Parley", true);
    direct.start();
    assertEquals(List.of("<sip:bob@203.0.113.5>"), upstream(direct.onResponse(0, reply(200, 0,
        "Contact: <sip:bob@203.0.113.5>")).get(0)).values(HeaderName.CONTACT), "a callee not behind a NAT");
  }
}
