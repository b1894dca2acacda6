package io.parley.accounting;

import java.time.Instant;
import java.util.List;

/**
 * CDRs as CSV (RFC 4180): a header line, then a line a record, CRLF-terminated; a field with a
 * comma, a quote or a line break quoted. Times in ISO 8601 UTC, an empty field for none. A field
 * of URIs or a reason phrase that a spreadsheet would take for a formula (=, +, -, @ first) is
 * prefixed with a quote mark: callers choose their own URIs, the far end its reason phrase. The
 * Call-ID and the tags are left exactly as they are (they are keys, and hold no '=').
 */
public final class CdrCsv {
  public static final String HEADER = "call_id,caller,callee,original_uri,final_uri,from_tag,to_tag,setup_time,"
      + "answer_time,end_time,duration,status,reason,ended_by,node";

  private CdrCsv() {}

  public static String render(List<Cdr> cdrs) {
    StringBuilder b = new StringBuilder(HEADER).append("\r\n");
    for (Cdr r : cdrs) {
      b.append(key(r.callId())).append(',').append(field(r.caller())).append(',').append(field(r.callee()))
          .append(',').append(field(r.originalUri())).append(',').append(field(r.finalUri())).append(',')
          .append(key(r.fromTag())).append(',').append(key(r.toTag())).append(',').append(time(r.setup()))
          .append(',').append(time(r.answer())).append(',').append(time(r.end())).append(',')
          .append(r.durationSeconds()).append(',').append(r.status()).append(',').append(field(r.reason()))
          .append(',').append(field(r.endedBy())).append(',').append(field(r.node())).append("\r\n");
    }
    return b.toString();
  }

  private static String time(Instant t) {
    return t == null ? "" : t.toString();
  }

  static String field(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    return key("=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s);
  }

  static String key(String v) {
    if (v == null) {
      return "";
    }
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
      return v;
    }
    return '"' + v.replace("\"", "\"\"") + '"';
  }
}
