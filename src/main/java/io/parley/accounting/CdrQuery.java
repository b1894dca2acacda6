package io.parley.accounting;

import java.time.Instant;

/**
 * Which CDRs to read: those whose call was set up in {@code [from, to)}, of a caller, a callee
 * or a Call-ID, a page of them, newest first. Null means any.
 *
 * @param caller the From URI ({@code sip:alice@example.com}); without a scheme
 *     ({@code alice@example.com}) the sip: and sips: URIs both match
 * @param callee the To URI, likewise
 * @param limit at most this many, 1 to {@link CdrRepository#MAX_PAGE}
 * @param offset skip this many first, not negative
 */
public record CdrQuery(Instant from, Instant to, String caller, String callee, String callId, int limit, int offset) {

  public CdrQuery {
    if (limit < 1 || limit > CdrRepository.MAX_PAGE) {
      throw new IllegalArgumentException("limit must be between 1 and " + CdrRepository.MAX_PAGE + ", was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to");
    }
    caller = blankToNull(caller);
    callee = blankToNull(callee);
    callId = blankToNull(callId);
  }

  /** Every CDR, the newest {@code limit}. */
  public static CdrQuery newest(int limit) {
    return new CdrQuery(null, null, null, null, null, limit, 0);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
