package io.parley.message;

import io.parley.message.header.OptionTags;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;

/**
 * The checks a message passes at the edge, before anything routes it: the framing parser has
 * accepted its bytes; here the fields routing reads are parsed (and cached on the message) and
 * the rules that tie them together are checked. A request that fails is answered 400 by the edge;
 * a response that fails is dropped (RFC 3261 §18.1.2, §18.2.1: a malformed response has nowhere
 * to go back to).
 */
public final class MessageValidator {
  private static final String MAGIC_COOKIE = "z9hG4bK";
  private static final byte[] DATE_ZONE = {' ', 'G', 'M', 'T'};

  private MessageValidator() {}

  /**
   * @throws SipParseException (400) naming the first problem found
   */
  public static void validate(SipMessage m) {
    RoutingHeaders routing = m.routing();
    if (m instanceof SipRequest request) {
      validateRequest(request, routing);
    }
  }

  private static void validateRequest(SipRequest request, RoutingHeaders routing) {
    // RFC 3261 §8.1.1.5: the CSeq method matches the request method (RFC 4475 §3.1.2.17)
    if (!routing.cseq().method().equals(request.method())) {
      throw SipParseException.badRequest("CSeq method does not match the request method");
    }
    // RFC 3261 §8.1.1.7: a branch that is only the magic cookie identifies nothing; answering
    // beats guessing at RFC 2543 matching (RFC 4475 §3.2.1)
    if (routing.topVia().branchIs(MAGIC_COOKIE)) {
      throw SipParseException.badRequest("Via branch is only the magic cookie");
    }
    Uri uri = request.uri();
    // RFC 3261 §19.1.1, Table 1: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11)
    if (uri instanceof SipUri sip && sip.hasHeaders()) {
      throw SipParseException.badRequest("Request-URI carries headers");
    }
    request.contacts();
    request.routes();
    OptionTags.of(request, HeaderName.REQUIRE);
    OptionTags.of(request, HeaderName.PROXY_REQUIRE);
    checkDate(request);
  }

  /**
   * RFC 3261 §20.17: a Date is an RFC 1123 date in GMT only; "EST" is malformed (RFC 4475
   * §3.1.2.12). Only the zone is checked: Parley reads no Date itself.
   */
  private static void checkDate(SipMessage m) {
    int i = m.first(HeaderName.DATE);
    if (i < 0) {
      return;
    }
    if (!endsWith(m.valueArray(i), m.valueOffset(i), m.valueLength(i), DATE_ZONE)) {
      throw SipParseException.badRequest("Date is not in GMT");
    }
  }

  private static boolean endsWith(byte[] b, int off, int len, byte[] suffix) {
    int n = suffix.length;
    return len >= n && java.util.Arrays.equals(b, off + len - n, off + len, suffix, 0, n);
  }
}
