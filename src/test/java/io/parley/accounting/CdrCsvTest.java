package io.parley.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CdrCsvTest {
  private static final Instant T = Instant.parse("2026-12-06T08:00:00Z");

  @Test
  void aRecordIsOneLineWithItsFieldsQuotedWhereTheyMustBe() {
    Cdr answered = new Cdr("abc@127.0.0.1", "sip:alice@example.com", "sip:bob@example.com", "sip:bob@example.com",
        "sip:b@127.0.0.1:5072", "ft", "tt", T, T.plusSeconds(2), T.plusSeconds(64), 62, 200, "BYE", "caller", "n1");
    Cdr failed = new Cdr("def@127.0.0.1", "sip:carol@example.com", "sip:bob@example.com", "sip:bob@example.com",
        null, "ft2", null, T, null, T.plusSeconds(1), 0, 486, "Busy, \"really\"", "callee", "n1");
    String csv = CdrCsv.render(List.of(answered, failed));
    assertEquals(CdrCsv.HEADER + "\r\n"
        + "abc@127.0.0.1,sip:alice@example.com,sip:bob@example.com,sip:bob@example.com,sip:b@127.0.0.1:5072,ft,tt,"
        + "2026-12-06T08:00:00Z,2026-12-06T08:00:02Z,2026-12-06T08:01:04Z,62,200,BYE,caller,n1\r\n"
        + "def@127.0.0.1,sip:carol@example.com,sip:bob@example.com,sip:bob@example.com,,ft2,,"
        + "2026-12-06T08:00:00Z,,2026-12-06T08:00:01Z,0,486,\"Busy, \"\"really\"\"\",callee,n1\r\n", csv);
  }

  @Test
  void aFieldASpreadsheetWouldRunIsDefused() {
    assertEquals("'=HYPERLINK(1)", CdrCsv.field("=HYPERLINK(1)"));
    assertEquals("'@SUM(1)", CdrCsv.field("@SUM(1)"));
    assertEquals("\"'=1,2\"", CdrCsv.field("=1,2"));
    assertEquals("-tag", CdrCsv.key("-tag"));
    assertEquals("sip:alice@example.com", CdrCsv.field("sip:alice@example.com"));
  }
}
