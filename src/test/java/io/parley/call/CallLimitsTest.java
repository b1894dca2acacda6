package io.parley.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  @Test
  void aNodeBehindRefusesNewWorkUnlessItIsWarmingUpOnItsOwnTraffic() {
    CallLoad load = new CallLoad(CallLimits.from(ConfigFactory.parseString(BASE + "parley.limits.max-receive-delay = 0s")));
    long now = 5_000_000_000L;
    assertFalse(load.behind(now));
    assertTrue(load.admits(io.parley.proxy.Caller.SUBSCRIBER, now));
    load.waited(2_000_000_000L, now); // a request waited 2 s for its entity: over max-queue-delay
    assertTrue(load.behind(now));
    assertFalse(load.admits(io.parley.proxy.Caller.SUBSCRIBER, now));
    load.holdShedding(true);
    assertFalse(load.behind(now), "the warm-up's own delays refuse nothing");
    assertTrue(load.admits(io.parley.proxy.Caller.SUBSCRIBER, now));
    load.holdShedding(false);
    assertTrue(load.behind(now));
    assertFalse(load.behind(now + 1_000_000_001L), "a wait reported over a second ago no longer counts");
  }
}
