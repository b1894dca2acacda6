package io.parley.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegisterAdmissionTest {
  private final RegisterAdmission admission = new RegisterAdmission(2, Duration.ofSeconds(10));

  @Test
  void pastTheBoundARegisterIsBusyAndARetransmissionOfAPendingOneIsAbsorbed() {
    assertEquals(RegisterAdmission.Verdict.ADMIT, admission.admit("a 1"));
    assertEquals(RegisterAdmission.Verdict.ABSORB, admission.admit("a 1"), "its retransmission");
    assertEquals(RegisterAdmission.Verdict.ADMIT, admission.admit("b 1"));
    assertEquals(RegisterAdmission.Verdict.BUSY, admission.admit("c 1"));
    assertEquals(RegisterAdmission.Verdict.BUSY, admission.admit("c 1"), "a busy one is not kept as pending");
    assertEquals(2, admission.pending());
    admission.answered("a 1");
    assertEquals(RegisterAdmission.Verdict.ADMIT, admission.admit("c 1"));
    assertEquals(RegisterAdmission.Verdict.ADMIT, admission.admit("a 2") == RegisterAdmission.Verdict.BUSY
        ? RegisterAdmission.Verdict.ADMIT : RegisterAdmission.Verdict.BUSY, "bounded again");
    assertEquals(3, admission.busy());
    assertEquals(1, admission.absorbed());
    admission.answered("a 1");
    assertEquals(2, admission.pending(), "an answer counts once");
  }

  @Test
  void theRetryAfterIsSpreadOverOnceToTwiceTheSetting() {
    for (int i = 0; i < 200; i++) {
      long s = admission.retryAfterSeconds();
      assertTrue(s >= 10 && s <= 20, String.valueOf(s));
    }
  }

  @Test
  void aValueOutOfRangeNamesItsKey() {
    assertTrue(assertThrows(ConfigException.BadValue.class, () -> new RegisterAdmission(0, Duration.ofSeconds(10)))
        .getMessage().contains("parley.registrar.max-pending"));
    assertTrue(assertThrows(ConfigException.BadValue.class, () -> new RegisterAdmission(10, Duration.ZERO))
        .getMessage().contains("parley.registrar.busy-retry-after"));
  }
}
