package io.parley.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConnectionCloseLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(ConnectionCloseLog.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 40000);

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  @Test
  void oneLinePerReasonPerIntervalAtInfo() {
    ConnectionCloseLog log = new ConnectionCloseLog(Duration.ofHours(1));
    assertTrue(log.closed(CloseReason.IDLE, remote, "idle"));
    assertFalse(log.closed(CloseReason.IDLE, remote, "idle"));
    assertFalse(log.closed(CloseReason.IDLE, remote, "idle"));
    // another reason has its own allowance
    assertTrue(log.closed(CloseReason.MESSAGE_TIMEOUT, remote, "slow"));
    assertEquals(2, lines.list.size());
    assertEquals(Level.INFO, lines.list.get(0).getLevel());
    assertTrue(lines.list.get(0).getFormattedMessage().contains("127.0.0.1:40000"),
        lines.list.get(0).getFormattedMessage());
  }

  @Test
  void theNextLineSaysHowManyWereLeftOut() throws Exception {
    ConnectionCloseLog log = new ConnectionCloseLog(Duration.ofMillis(200));
    log.closed(CloseReason.MAX_CONNECTIONS_PER_SOURCE, remote, "refused");
    for (int i = 0; i < 5; i++) {
      log.closed(CloseReason.MAX_CONNECTIONS_PER_SOURCE, remote, "refused");
    }
    Thread.sleep(250);
    assertTrue(log.closed(CloseReason.MAX_CONNECTIONS_PER_SOURCE, remote, "refused"));
    String last = lines.list.get(lines.list.size() - 1).getFormattedMessage();
    assertTrue(last.contains("5 more"), last);
  }

  @Test
  void aFlushTellsWhatWasLeftOutWhenNoLaterCloseCame() throws Exception {
    ConnectionCloseLog log = new ConnectionCloseLog(Duration.ofMillis(200));
    log.closed(CloseReason.MESSAGE_TIMEOUT, remote, "slow");
    log.closed(CloseReason.MESSAGE_TIMEOUT, remote, "slow");
    log.closed(CloseReason.MESSAGE_TIMEOUT, remote, "slow");
    log.flush(); // within the interval: nothing yet
    assertEquals(1, lines.list.size());
    Thread.sleep(250);
    log.flush();
    assertEquals(2, lines.list.size());
    String last = lines.list.get(1).getFormattedMessage();
    assertTrue(last.contains("2 more") && last.contains("tcp-message-timeout"), last);
    log.flush(); // nothing left out since
    assertEquals(2, lines.list.size());
  }
}
