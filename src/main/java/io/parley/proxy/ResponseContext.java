package io.parley.proxy;

import io.parley.message.MessageBuilder;
import io.parley.message.Method;
import io.parley.nat.ContactFix;
import io.parley.transaction.Inbound;
import io.parley.message.ResponseFactory;
import io.parley.message.SipRequest;
import io.parley.message.SipResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The response context of one proxied server transaction (RFC 3261 §16.7): its branches, the
 * responses they brought, and the choice of what goes upstream. A plain state machine: its caller
 * feeds it the events of the branches' client transactions and carries out the {@link
 * ProxyAction}s each call returns. Not thread-safe; one actor owns it.
 *
 * <p>Rules, by §16.7 item:
 * <ul>
 *   <li>5: until a final response has gone upstream, provisional responses 101–199 and 2xx are
 *       forwarded at once; a 100 never is. Afterwards only 2xx to an INVITE are — every one of
 *       them, retransmissions and other forks' included (RFC 6026 §8.4). A 6xx is held, and the
 *       other branches are cancelled; no new branch starts after it.
 *   <li>6: when every branch has its final response (or gave up) and none went upstream yet,
 *       the best one goes ({@link BestResponse}); none at all gives a 408; a 503 becomes a 500.
 *   <li>7: a 401 or 407 carries the challenges of all 401 and 407 responses.
 *   <li>10: a final response sent upstream cancels the INVITE branches still pending.
 * </ul>
 *
 * <p>Targets are forked in parallel within a q value and in sequence between q values (RFC 3261
 * §16.6; {@link Target#byPreference}): the next group starts when every branch of the current one
 * failed without a 6xx. No 3xx is recursed on (§16.7 item 4 lets a proxy choose); the best 3xx
 * goes upstream like any other response.
 *
 * <p>CANCEL (RFC 3261 §9.1, §16.10): a branch is cancelled only once it has heard a provisional
 * response; one that has not gets its CANCEL when the first provisional arrives. After the UAC's
 * CANCEL the final response is the branches' (their 487s), or a 487 of our own when no branch
 * answered.
 *
 * <p>Timer C (§16.6 item 11, §16.8) is the caller's to run per INVITE branch: start it with the
 * branch, restart it on every 101–199 from that branch (§16.7 item 2), stop it on a final
 * response, and call {@link #onBranchTimerC} when it fires.
 */
public final class ResponseContext {
  /** A branch's life, as far as the response context sees it. */
  public enum BranchState {
    /** Forwarded; no response yet. */
    TRYING,
    /** A provisional response arrived. */
    PROCEEDING,
    /** CANCEL sent; the final response is awaited. */
    CANCELLED,
    /** The final response arrived. */
    COMPLETED,
    /** Gave up without a final response: timeout or transport error. */
    TERMINATED
  }

  private static final String ANSWERED_ELSEWHERE = "SIP;cause=200;text=\"Call completed elsewhere\"";

  private final boolean fixContact;

  private static final class Branch {
    final Target target;
    BranchState state = BranchState.TRYING;
    boolean cancelPending;
    /** Cancelled by Timer C: its final response stands for a 408 (RFC 3261 §16.8). */
    boolean timedOut;

    Branch(Target target) {
      this.target = target;
    }

    boolean isDone() {
      return state == BranchState.COMPLETED || state == BranchState.TERMINATED;
    }
  }

  private final SipRequest request;
  private final boolean invite;
  private final String serverHeader;
  private final List<List<Target>> groups;
  private final List<Branch> branches = new ArrayList<>(2);
  private final BestResponse finals = new BestResponse();
  private int nextGroup;
  private boolean finalSent;
  private boolean noNewBranches;
  private boolean cancelledByUac;
  private boolean completed;

  /**
   * @param request the request as received (what generated responses answer)
   * @param targets the target set, at least one; past {@code maxBranches} targets, those of
   *     lowest q are dropped
   * @param serverHeader the Server field of the responses the proxy makes; empty: none
   */
  public ResponseContext(SipRequest request, List<Target> targets, int maxBranches, String serverHeader) {
    this(request, targets, maxBranches, serverHeader, false);
  }

  /**
   * @param fixContact {@code parley.nat.fix-contact}: the Contact of a 1xx or 2xx from a callee
   *     whose binding is behind a NAT is rewritten to the address its REGISTER came from
   */
  public ResponseContext(SipRequest request, List<Target> targets, int maxBranches, String serverHeader,
      boolean fixContact) {
    this.fixContact = fixContact;
    this.request = Objects.requireNonNull(request, "request");
    this.invite = request.method() == Method.INVITE;
    this.serverHeader = Objects.requireNonNull(serverHeader, "serverHeader");
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no target");
    }
    if (maxBranches < 1) {
      throw new IllegalArgumentException("maxBranches must be at least 1");
    }
    this.groups = limit(Target.byPreference(targets), maxBranches);
  }

  /** Starts the branches of the first q group. Call once. */
  public List<ProxyAction> start() {
    if (nextGroup != 0) {
      throw new IllegalStateException("already started");
    }
    List<ProxyAction> out = new ArrayList<>(groups.get(0).size());
    startNextGroup(out);
    return out;
  }

  /** A response from branch {@code branch}'s client transaction, provisional or final. */
  public List<ProxyAction> onResponse(int branch, SipResponse response) {
    return response.statusCode() < 200 ? onProvisional(branch, response) : onFinal(branch, response);
  }

  /** A 1xx from branch {@code branch} (RFC 3261 §16.7 items 2 and 5). */
  public List<ProxyAction> onProvisional(int branch, SipResponse response) {
    int status = response.statusCode();
    if (status >= 200) {
      throw new IllegalArgumentException("not provisional: " + status);
    }
    Branch b = branch(branch);
    if (b.isDone()) {
      return List.of();
    }
    List<ProxyAction> out = new ArrayList<>(2);
    if (b.state == BranchState.TRYING) {
      b.state = BranchState.PROCEEDING;
      if (b.cancelPending) {
        cancel(branch, b, null, out); // RFC 3261 §9.1: now that it has heard a 1xx
      }
    }
    if (status > 100 && !finalSent) {
      out.add(new ProxyAction.ForwardResponse(status, upstream(b, response)));
    }
    return out;
  }

  /** A 1xx or 2xx as it goes upstream: without our Via, its Contact fixed when asked to. */
  private byte[] upstream(Branch b, SipResponse response) {
    MessageBuilder m = BestResponse.withoutTopVia(response);
    if (fixContact && Boolean.TRUE.equals(b.target.behindNat()) && b.target.received() != null) {
      ContactFix.apply(m, response, Inbound.parseReceived(b.target.received()));
    }
    return m.build();
  }

  /** A final response from branch {@code branch} (RFC 3261 §16.7 items 5, 6 and 10). */
  public List<ProxyAction> onFinal(int branch, SipResponse response) {
    int status = response.statusCode();
    if (status < 200) {
      throw new IllegalArgumentException("not final: " + status);
    }
    Branch b = branch(branch);
    List<ProxyAction> out = new ArrayList<>(2);
    if (status < 300) {
      if (!b.isDone()) {
        b.state = BranchState.COMPLETED;
      }
      if (invite || !finalSent) {
        out.add(new ProxyAction.ForwardResponse(status, upstream(b, response)));
        if (!finalSent) {
          finalSent = true;
          noNewBranches = true;
          cancelPending(invite ? ANSWERED_ELSEWHERE : null, out);
        }
      }
      return checkDone(out);
    }
    if (b.isDone()) {
      return out;
    }
    b.state = BranchState.COMPLETED;
    if (finalSent) {
      return checkDone(out); // only 2xx go upstream now
    }
    if (b.timedOut) {
      finals.add(408, null); // the 487 answers our own CANCEL, not the caller's
    } else {
      finals.add(status, response);
    }
    if (status >= 600) {
      noNewBranches = true;
      cancelPending(null, out);
    }
    return checkDone(out);
  }

  /**
   * Branch {@code branch}'s client transaction gave up: Timer B or F (RFC 3261 §17.1.1.2,
   * §17.1.2.2), or no final response 64*T1 after its CANCEL (§9.1). Treated as a 408 (§16.7
   * item 2, §8.1.3.1).
   */
  public List<ProxyAction> onBranchTimeout(int branch) {
    return giveUp(branch, 408);
  }

  /** Sending on branch {@code branch} failed: treated as a 503 (RFC 3261 §16.9). */
  public List<ProxyAction> onTransportError(int branch) {
    return giveUp(branch, 503);
  }

  /**
   * Branch {@code branch} could not start: its target's flow is gone (RFC 5626 §5.3). Treated as a
   * 430 (Flow Failed), which is what goes upstream when no branch does better.
   */
  public List<ProxyAction> onFlowFailed(int branch) {
    return giveUp(branch, 430);
  }

  /**
   * Timer C fired on branch {@code branch} (RFC 3261 §16.8): a branch that heard a provisional
   * response is cancelled, and the non-2xx final response it then brings counts as a 408; one
   * that heard none is treated as a 408 at once (the caller may drop its client transaction).
   * Fired again on a branch already cancelled, it gives the branch up.
   */
  public List<ProxyAction> onBranchTimerC(int branch) {
    Branch b = branch(branch);
    if (b.isDone()) {
      return List.of();
    }
    if (b.state == BranchState.PROCEEDING) {
      List<ProxyAction> out = new ArrayList<>(1);
      b.timedOut = true;
      cancel(branch, b, null, out);
      return out;
    }
    return giveUp(branch, 408);
  }

  /**
   * The UAC cancelled the request (RFC 3261 §16.10): every pending branch is cancelled and no
   * new one starts. The caller answers the CANCEL itself (200); the request's final response
   * follows from the branches. A CANCEL for a non-INVITE, or after a final response went
   * upstream, changes nothing (§9.2).
   */
  public List<ProxyAction> onCancel() {
    if (!invite || finalSent) {
      return List.of();
    }
    cancelledByUac = true;
    noNewBranches = true;
    List<ProxyAction> out = new ArrayList<>(branches.size());
    cancelPending(null, out);
    return checkDone(out);
  }

  // ---- queries ----

  /** How many branches have been started. */
  public int branchCount() {
    return branches.size();
  }

  public BranchState state(int branch) {
    return branch(branch).state;
  }

  public Target target(int branch) {
    return branch(branch).target;
  }

  /** Whether a final response went upstream. */
  public boolean finalSent() {
    return finalSent;
  }

  /** Whether {@link ProxyAction.Completed} was returned. */
  public boolean isCompleted() {
    return completed;
  }

  /** The request this context proxies, as received. */
  public SipRequest request() {
    return request;
  }

  // ---- internals ----

  private List<ProxyAction> giveUp(int branch, int status) {
    Branch b = branch(branch);
    if (b.isDone()) {
      return List.of();
    }
    b.state = BranchState.TERMINATED;
    if (!finalSent) {
      finals.add(status, null);
    }
    return checkDone(new ArrayList<>(2));
  }

  private void cancelPending(String reason, List<ProxyAction> out) {
    if (!invite) {
      return; // RFC 3261 §9.1: a CANCEL is not sent for a non-INVITE request
    }
    for (int i = 0; i < branches.size(); i++) {
      Branch b = branches.get(i);
      if (b.state == BranchState.PROCEEDING) {
        cancel(i, b, reason, out);
      } else if (b.state == BranchState.TRYING) {
        b.cancelPending = true;
      }
    }
  }

  private static void cancel(int index, Branch b, String reason, List<ProxyAction> out) {
    b.state = BranchState.CANCELLED;
    b.cancelPending = false;
    out.add(new ProxyAction.CancelBranch(index, reason));
  }

  /** When every branch is done: the next q group, or the best response, then Completed. */
  private List<ProxyAction> checkDone(List<ProxyAction> out) {
    for (Branch b : branches) {
      if (!b.isDone()) {
        return out;
      }
    }
    if (!finalSent) {
      if (!noNewBranches && nextGroup < groups.size()) {
        startNextGroup(out);
        return out;
      }
      sendBest(out);
    }
    if (!completed) {
      completed = true;
      out.add(new ProxyAction.Completed());
    }
    return out;
  }

  private void startNextGroup(List<ProxyAction> out) {
    for (Target t : groups.get(nextGroup++)) {
      branches.add(new Branch(t));
      out.add(new ProxyAction.StartBranch(branches.size() - 1, t));
    }
  }

  private void sendBest(List<ProxyAction> out) {
    finalSent = true;
    BestResponse.Candidate best = finals.best();
    if (best == null || best.response() == null) {
      int status = cancelledByUac ? 487
          : best == null || best.status() == 408 ? 408 : best.status() == 430 ? 430 : 500;
      out.add(new ProxyAction.SendFinal(status, ownResponse(status)));
    } else if (best.status() == 503) {
      out.add(new ProxyAction.SendFinal(500, ownResponse(500)));
    } else {
      out.add(new ProxyAction.ForwardResponse(best.status(), finals.forwardable(best)));
    }
  }

  private byte[] ownResponse(int status) {
    String reason = switch (status) {
      case 408 -> "Request Timeout";
      case 430 -> "Flow Failed";
      case 487 -> "Request Terminated";
      default -> "Server Internal Error";
    };
    ResponseFactory.Response r = ResponseFactory.response(request, status, reason);
    if (!serverHeader.isEmpty()) {
      r.header("Server", serverHeader);
    }
    return r.build();
  }

  /** The first {@code max} targets of {@code groups}, in order. */
  private static List<List<Target>> limit(List<List<Target>> groups, int max) {
    List<List<Target>> out = new ArrayList<>(groups.size());
    int left = max;
    for (List<Target> g : groups) {
      if (left <= 0) {
        break;
      }
      out.add(g.size() > left ? g.subList(0, left) : g);
      left -= Math.min(left, g.size());
    }
    return out;
  }

  private Branch branch(int index) {
    if (index < 0 || index >= branches.size()) {
      throw new IllegalArgumentException("no branch " + index + " of " + branches.size());
    }
    return branches.get(index);
  }
}
