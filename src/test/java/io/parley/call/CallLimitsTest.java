package io.parley.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallLimitsTest {
  private static final String BASE = "parley.limits { max-calls = 100, max-stranger-calls = 10, max-queue-delay = 1s }\n";

  @Test
  void theReceiveDelayIsReadAndZeroTurnsItOff() {
    CallLimits limits = CallLimits.from(ConfigFactory.parseString(BASE + "parley.limits.max-receive-delay = 150ms"));
    assertEquals(Duration.ofMillis(150), limits.maxReceiveDelay());
    assertTrue(new CallLoad(limits).receiveDelay().measured());
    CallLimits off = CallLimits.from(ConfigFactory.parseString(BASE + "parley.limits.max-receive-delay = 0s"));
    assertEquals(false, new CallLoad(off).receiveDelay().measured());
  }

  @Test
  void aReceiveDelayOutOfRangeNamesItsKey() {
    for (String bad : new String[] {"5ms", "11s"}) {
      var e = assertThrows(ConfigException.BadValue.class,
          () -> CallLimits.from(ConfigFactory.parseString(BASE + "parley.limits.max-receive-delay = " + bad)));
      assertTrue(e.getMessage().contains("parley.limits.max-receive-delay"), e.getMessage());
    }
  }
}
