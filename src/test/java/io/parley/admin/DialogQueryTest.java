package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The filters of {@code GET /dialogs} that every node applies to what it holds. */
class DialogQueryTest {
  private final DialogInfo call = Dialogs.confirmed("c1", "Alice@Example.com", "bob@example.org", 1_000, "n:1");

  @Test
  void filtersMatchAsTheListingDocumentsThem() {
    assertTrue(DialogQuery.of(Map.of()).matches(call));
    assertTrue(DialogQuery.of(Map.of("caller", "ALICE")).matches(call), "a part of the From URI, any case");
    assertFalse(DialogQuery.of(Map.of("caller", "bob")).matches(call));
    assertTrue(DialogQuery.of(Map.of("callee", "bob@")).matches(call));
    assertTrue(DialogQuery.of(Map.of("domain", "EXAMPLE.org")).matches(call), "the host of either side");
    assertFalse(DialogQuery.of(Map.of("domain", "example")).matches(call), "a whole host, not a part");
    assertTrue(DialogQuery.of(Map.of("state", "confirmed")).matches(call));
    assertFalse(DialogQuery.of(Map.of("state", "early")).matches(call));
    assertFalse(DialogQuery.of(Map.of("state", "early")).matches(call.withState(DialogState.CONFIRMED)));
    assertTrue(DialogQuery.callId("c1").matches(call));
    assertFalse(DialogQuery.callId("C1").matches(call), "a Call-ID compares exactly (RFC 3261 §20.8)");
  }

  @Test
  void aStateOtherThanEarlyOrConfirmedIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DialogQuery.of(Map.of("state", "ringing")));
    assertTrue(e.getMessage().contains("state"), e.getMessage());
  }

  @Test
  void newestFirstThenByCallId() {
    DialogInfo older = Dialogs.confirmed("a", "x@example.com", "y@example.com", 500, "n:1");
    DialogInfo sameTime = Dialogs.confirmed("b", "x@example.com", "y@example.com", 1_000, "n:2");
    assertEquals(List.of("b", "c1", "a"),
        List.of(older, call, sameTime).stream().sorted(DialogQuery.NEWEST_FIRST).map(DialogInfo::callId).toList());
  }
}
