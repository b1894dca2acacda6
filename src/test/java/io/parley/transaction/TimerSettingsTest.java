package io.parley.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimerSettingsTest {

  private static final String PATH = "parley.sip.timers";

  private static Config timers(String hocon) {
    return ConfigFactory.parseString(hocon).atPath(PATH);
  }

  @Test
  void theDefaultsAreThoseOfRfc3261AndDeriveEveryTimer() {
    TimerSettings t = TimerSettings.DEFAULT;
    assertEquals(Duration.ofMillis(500), t.timerA());
    assertEquals(Duration.ofSeconds(32), t.timerB());
    assertEquals(Duration.ofSeconds(32), t.timerD(false));
    assertEquals(Duration.ofMillis(500), t.timerE());
    assertEquals(Duration.ofSeconds(32), t.timerF());
    assertEquals(Duration.ofMillis(500), t.timerG());
    assertEquals(Duration.ofSeconds(32), t.timerH());
    assertEquals(Duration.ofSeconds(5), t.timerI(false));
    assertEquals(Duration.ofSeconds(32), t.timerJ(false));
    assertEquals(Duration.ofSeconds(5), t.timerK(false));
    assertEquals(Duration.ofSeconds(32), t.timerL());
    assertEquals(Duration.ofSeconds(32), t.timerM());
  }

  @Test
  void lingeringTimersAreZeroOnReliableTransports() {
    TimerSettings t = TimerSettings.DEFAULT;
    assertEquals(Duration.ZERO, t.timerD(true));
    assertEquals(Duration.ZERO, t.timerI(true));
    assertEquals(Duration.ZERO, t.timerJ(true));
    assertEquals(Duration.ZERO, t.timerK(true));
  }

  @Test
  void timerDIsAtLeast32Seconds() {
    var fast = new TimerSettings(Duration.ofMillis(50), Duration.ofSeconds(4), Duration.ofSeconds(5));
    assertEquals(Duration.ofSeconds(32), fast.timerD(false));
    assertEquals(Duration.ofMillis(3200), fast.timerB());
    var slow = new TimerSettings(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
    assertEquals(Duration.ofSeconds(128), slow.timerD(false));
  }

  @Test
  void doublingStopsAtT2() {
    TimerSettings t = TimerSettings.DEFAULT;
    assertEquals(Duration.ofSeconds(1), t.doubledUpToT2(Duration.ofMillis(500)));
    assertEquals(Duration.ofSeconds(4), t.doubledUpToT2(Duration.ofSeconds(2)));
    assertEquals(Duration.ofSeconds(4), t.doubledUpToT2(Duration.ofSeconds(4)));
  }

  @Test
  void readsItsBlock() {
    TimerSettings t = TimerSettings.from(timers("t1 = 250ms, t2 = 2s, t4 = 3s"), PATH);
    assertEquals(new TimerSettings(Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(3)), t);
    assertEquals(Duration.ofSeconds(16), t.timerB());
  }

  @Test
  void referenceConfHoldsTheRfcDefaults() {
    assertEquals(TimerSettings.DEFAULT, TimerSettings.from(ConfigFactory.defaultReference(), PATH));
  }

  @Test
  void aValueThatIsNotPositiveNamesItsKey() {
    var zero = assertThrows(ConfigException.BadValue.class,
        () -> TimerSettings.from(timers("t1 = 0ms, t2 = 4s, t4 = 5s"), PATH));
    assertTrue(zero.getMessage().contains(PATH + ".t1"), zero.getMessage());
    var negative = assertThrows(ConfigException.BadValue.class,
        () -> TimerSettings.from(timers("t1 = 500ms, t2 = 4s, t4 = -5s"), PATH));
    assertTrue(negative.getMessage().contains(PATH + ".t4"), negative.getMessage());
  }

  @Test
  void t2BelowT1NamesT2() {
    var e = assertThrows(ConfigException.BadValue.class,
        () -> TimerSettings.from(timers("t1 = 2s, t2 = 1s, t4 = 5s"), PATH));
    assertTrue(e.getMessage().contains(PATH + ".t2"), e.getMessage());
  }

  @Test
  void aMissingOrMistypedValueNamesItsKey() {
    var missing = assertThrows(ConfigException.class,
        () -> TimerSettings.from(timers("t1 = 500ms, t2 = 4s"), PATH));
    assertTrue(missing.getMessage().contains(PATH + ".t4"), missing.getMessage());
    var mistyped = assertThrows(ConfigException.class,
        () -> TimerSettings.from(timers("t1 = soon, t2 = 4s, t4 = 5s"), PATH));
    assertTrue(mistyped.getMessage().contains(PATH + ".t1"), mistyped.getMessage());
  }

  @Test
  void theConstructorChecksTheSameRules() {
    assertThrows(IllegalArgumentException.class,
        () -> new TimerSettings(Duration.ZERO, Duration.ofSeconds(4), Duration.ofSeconds(5)));
    assertThrows(IllegalArgumentException.class,
        () -> new TimerSettings(Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofSeconds(5)));
  }
}
