package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SubscriberUpdateTest {

  @Test
  void aPasswordAloneKeepsTheMaxCallDuration() {
    SubscriberUpdate u = SubscriberUpdate.fromJson("{\"password\":\"new\"}");
    assertEquals("new", u.password());
    assertFalse(u.setsMaxCallDuration());
  }

  @Test
  void aMaxCallDurationAloneKeepsThePassword() {
    SubscriberUpdate u = SubscriberUpdate.fromJson("{\"max_call_duration\":\"2h\"}");
    assertNull(u.password());
    assertTrue(u.setsMaxCallDuration());
    assertEquals(Duration.ofHours(2), u.maxCallDuration());
  }

  @Test
  void nullGivesBackTheNodesDefault() {
    SubscriberUpdate u = SubscriberUpdate.fromJson("{\"max_call_duration\":null}");
    assertTrue(u.setsMaxCallDuration());
    assertNull(u.maxCallDuration());
  }

  @Test
  void bothMayChangeAtOnce() {
    SubscriberUpdate u = SubscriberUpdate.fromJson("{\"password\":\"p\",\"max_call_duration\":60}");
    assertEquals(new SubscriberUpdate("p", true, Duration.ofMinutes(1)), u);
  }

  @Test
  void nothingToChangeOrAnUnknownFieldIsRefused() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SubscriberUpdate.fromJson("{}"))
        .getMessage().contains("nothing to change"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SubscriberUpdate.fromJson("{\"max_call_duraton\":60}")).getMessage().contains("max_call_duraton"));
    assertThrows(IllegalArgumentException.class, () -> SubscriberUpdate.fromJson("{\"password\":\"\"}"));
    assertThrows(IllegalArgumentException.class, () -> SubscriberUpdate.fromJson("{\"max_call_duration\":\"8d\"}"));
  }
}
