package io.parley.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.dialog.CallEnded;
import io.parley.dialog.DialogInfo;
import io.parley.dialog.DialogState;
import io.parley.dialog.HangUp;
import io.parley.dialog.TestDialogs;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CdrTest {

  @Test
  void anAnsweredCallRecordsItsTimesAndRoundedDuration() {
    DialogInfo d = TestDialogs.confirmed("x@127.0.0.1", "alice@example.com", 1_000_000L);
    Cdr c = Cdr.of(new CallEnded(d, d.answerMillis() + 61_600, 200, "max duration", HangUp.MAX_DURATION), "here");
    assertTrue(c.answered());
    assertEquals(Instant.ofEpochMilli(1_002_000L), c.answer());
    assertEquals(62, c.durationSeconds());
    assertEquals("max-duration", c.endedBy());
    assertEquals("127.0.0.1:25520", c.node(), "the dialog's node");
    assertEquals("tt-x@127.0.0.1", c.toTag());
  }

  @Test
  void aCallRefusedBeforeAnyLegIsKnownStillHasARecord() {
    DialogInfo bare = new DialogInfo("y@127.0.0.1", DialogState.TERMINATED, null, null, "sip:bob@example.com", null,
        5_000L, 0, 0, null);
    Cdr c = Cdr.of(new CallEnded(bare, 6_000L, 408, "Request Timeout", null), "here");
    assertFalse(c.answered());
    assertNull(c.caller());
    assertNull(c.fromTag());
    assertEquals(0, c.durationSeconds());
    assertEquals("unknown", c.endedBy());
    assertEquals("here", c.node(), "this node, where the dialog names none");
  }
}
