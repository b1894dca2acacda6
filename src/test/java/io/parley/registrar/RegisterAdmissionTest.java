package io.parley.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegisterAdmissionTest {
  private final RegisterAdmission admission =
      new RegisterAdmission(2, Duration.ZERO, Duration.ofSeconds(10), System::nanoTime);

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
    assertTrue(assertThrows(ConfigException.BadValue.class, () -> new RegisterAdmission(0, Duration.ZERO, Duration.ofSeconds(10),
        System::nanoTime))
        .getMessage().contains("parley.registrar.max-pending"));
    assertTrue(assertThrows(ConfigException.BadValue.class, () -> new RegisterAdmission(10, Duration.ZERO, Duration.ZERO,
        System::nanoTime))
        .getMessage().contains("parley.registrar.busy-retry-after"));
    assertTrue(assertThrows(ConfigException.BadValue.class, () -> new RegisterAdmission(10, Duration.ofMillis(10),
        Duration.ofSeconds(10), System::nanoTime)).getMessage().contains("parley.registrar.max-pending-wait"));
  }

  @Test
  void whenAnswersAreSlowFewerMayWaitWhatTheNodeAnswersInMaxPendingWait() {
    long[] now = {0};
    RegisterAdmission slow = new RegisterAdmission(2000, Duration.ofSeconds(2), Duration.ofSeconds(10), () -> now[0]);
    // a node that has answered nothing yet takes the floor at once
    for (int i = 0; i < RegisterAdmission.FLOOR; i++) {
      assertEquals(RegisterAdmission.Verdict.ADMIT, slow.admit("r " + i));
    }
    assertEquals(RegisterAdmission.Verdict.BUSY, slow.admit("over"));
    for (int i = 0; i < RegisterAdmission.FLOOR; i++) {
      slow.answered("r " + i);
    }
    // it answers about 300 a second: about 600 may wait, no more, with max-pending-wait 2 s
    for (int second = 1; second <= 6; second++) {
      for (int i = 0; i < 300; i++) {
        String key = second + " " + i;
        slow.admit(key);
        slow.answered(key);
      }
      now[0] += 1_000_000_000L;
    }
    int admitted = 0;
    for (int i = 0; i < 1000; i++) {
      if (slow.admit("burst " + i) == RegisterAdmission.Verdict.ADMIT) {
        admitted++;
      }
    }
    assertTrue(admitted >= 600 && admitted <= 625, String.valueOf(admitted));
    // answers stop coming: the bound falls back to the floor, never below
    for (int second = 0; second < 10; second++) {
      now[0] += 1_000_000_000L;
      slow.admit("tick " + second);
    }
    assertEquals(RegisterAdmission.FLOOR, slow.bound());
    assertEquals(2000, RegisterAdmission.unbounded().bound() == Integer.MAX_VALUE ? 2000 : -1);
  }

  @Test
  void atTheBoundARegisterIsRefusedBeforeItsChallengeButNotARetransmissionOfAPendingOne() {
    assertEquals(RegisterAdmission.Verdict.ADMIT, admission.admit("a 1"));
    assertFalse(admission.refusesBeforeAuthentication("b 1"), "below the bound");
    assertEquals(RegisterAdmission.Verdict.ADMIT, admission.admit("b 1"));
    assertTrue(admission.refusesBeforeAuthentication("c 1"));
    assertFalse(admission.refusesBeforeAuthentication("a 1"), "its retransmission is absorbed later");
    assertEquals(1, admission.busy());
    admission.answered("a 1");
    assertFalse(admission.refusesBeforeAuthentication("c 1"));
  }

  @Test
  void whenTheNodeRefusesFarMoreThanItAnswersTheRetryAfterSpreadsWider() {
    long[] now = {0};
    RegisterAdmission busy = new RegisterAdmission(2000, Duration.ofSeconds(2), Duration.ofSeconds(10), () -> now[0]);
    long most = 0;
    for (int i = 0; i < 500; i++) {
      most = Math.max(most, busy.retryAfterSeconds());
    }
    assertEquals(20, most, "10 to 20 s while nothing is refused");
    // a second in which it answered 10 and refused 5,000 (the floor is taken, the rest refused)
    for (int i = 0; i < 5000 + RegisterAdmission.FLOOR; i++) {
      busy.admit("r " + i);
    }
    for (int i = 0; i < 10; i++) {
      busy.answered("r " + i);
    }
    now[0] += 1_000_000_000L;
    busy.bound();
    most = 0;
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 2000; i++) {
      long s = busy.retryAfterSeconds();
      most = Math.max(most, s);
      least = Math.min(least, s);
    }
    // drawn from 10 s up: the least of 2,000 draws lies in the lowest twentieth of the spread
    // (the chance that it does not is 0.95^2000), not necessarily at 10 itself
    assertTrue(least >= 10 && least <= 10 + (most - 10) / 20, least + " of 10.." + most);
    assertTrue(most > 200 && most <= 10 + RegisterAdmission.MAX_SPREAD_SECONDS, String.valueOf(most));
  }
}
