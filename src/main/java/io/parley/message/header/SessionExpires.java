package io.parley.message.header;

import io.parley.message.HeaderName;
import io.parley.message.SipMessage;
import io.parley.message.SipParseException;
import java.util.Locale;

/**
 * {@code Session-Expires = ("Session-Expires" / "x") HCOLON delta-seconds *(SEMI se-params)},
 * {@code se-params = refresher-param / generic-param},
 * {@code refresher-param = "refresher" EQUAL ("uas" / "uac")} (RFC 4028 §4).
 *
 * @param seconds the session interval, 0 to 2^32-1 (a larger value is read as 2^32-1)
 * @param refresher "uac", "uas", or null when the parameter is absent; other parameters are
 *     ignored, as RFC 4028 §4 lets generic parameters be
 */
public record SessionExpires(long seconds, String refresher) {
  public SessionExpires {
    if (seconds < 0 || seconds > DeltaSeconds.MAX) {
      throw new IllegalArgumentException("Session-Expires out of range: " + seconds);
    }
    if (refresher != null && !refresher.equals("uac") && !refresher.equals("uas")) {
      throw new IllegalArgumentException("refresher must be uac or uas: " + refresher);
    }
  }

  /**
   * Parses a Session-Expires value.
   *
   * @throws SipParseException (400) if it is not delta-seconds with parameters, or its
   *     refresher is neither uac nor uas
   */
  public static SessionExpires parse(byte[] b, int off, int len) {
    DeltaSeconds.WithParams v = DeltaSeconds.parseWithParams(b, off, len, "Session-Expires");
    String refresher = null;
    Parameters params = v.params();
    for (int i = 0; i < params.size(); i++) {
      if (params.nameIs(i, "refresher")) {
        String r = params.value(i);
        r = r == null ? "" : r.toLowerCase(Locale.ROOT);
        if (!r.equals("uac") && !r.equals("uas")) {
          throw SipParseException.badRequest("Bad Session-Expires refresher");
        }
        refresher = r;
      }
    }
    return new SessionExpires(v.seconds(), refresher);
  }

  /**
   * The Session-Expires of {@code m}, or null if it has none.
   *
   * @throws SipParseException (400) if it is repeated or malformed
   */
  public static SessionExpires of(SipMessage m) {
    int i = SingleField.index(m, HeaderName.SESSION_EXPIRES);
    return i < 0 ? null : parse(m.valueArray(i), m.valueOffset(i), m.valueLength(i));
  }

  @Override
  public String toString() {
    return refresher == null ? Long.toString(seconds) : seconds + ";refresher=" + refresher;
  }
}
