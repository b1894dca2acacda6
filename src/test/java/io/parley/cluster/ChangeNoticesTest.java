package io.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One node's side of the notices: what it publishes comes back to its own reload, on the
 * executor it was given (never the listener's actor thread), and a failed reload is counted.
 */
class ChangeNoticesTest {
  private static final ActorTestKit kit = ActorTestKit.create(com.typesafe.config.ConfigFactory.parseString(
      "pekko.actor.provider = local"));
  private static final ExecutorService blocking = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-blocking"));

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
    blocking.shutdownNow();
  }

  record Note(String what) {}

  @Test
  void aPublishedNoticeReachesTheReloadOnTheGivenExecutor() throws Exception {
    BlockingQueue<String> reloaded = new LinkedBlockingQueue<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    ChangeNotices<Note> notices = ChangeNotices.start(kit.system(), Note.class, "test-reach", n -> {
      threads.add(Thread.currentThread().getName());
      reloaded.add(n.what());
    }, blocking);
    awaitSubscribed(notices);

    notices.publish(new Note("alice"));
    notices.publish(new Note("bob"));
    assertEquals("alice", reloaded.poll(10, TimeUnit.SECONDS));
    assertEquals("bob", reloaded.poll(10, TimeUnit.SECONDS));
    assertEquals(List.of("test-blocking", "test-blocking"), threads);
    assertEquals(new ChangeNotices.Stats(2, 2, 0), notices.stats());
  }

  @Test
  void aFailedReloadIsCountedAndTheNextNoticeStillWorks() throws Exception {
    BlockingQueue<String> reloaded = new LinkedBlockingQueue<>();
    ChangeNotices<Note> notices = ChangeNotices.start(kit.system(), Note.class, "test-fail", n -> {
      if (n.what().equals("bad")) {
        throw new IllegalStateException("the database is away");
      }
      reloaded.add(n.what());
    }, blocking);
    awaitSubscribed(notices);

    notices.publish(new Note("bad"));
    notices.publish(new Note("good"));
    assertEquals("good", reloaded.poll(10, TimeUnit.SECONDS));
    assertEquals(new ChangeNotices.Stats(2, 2, 1), notices.stats());
  }

  @Test
  void whileTheTopicKnowsFewerNodesThanAreUpTheNoticeIsSentAgainEverySecond() throws Exception {
    BlockingQueue<String> reloaded = new LinkedBlockingQueue<>();
    java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
    // two members up for the first two sends (the other's topic not yet known here), then one
    ChangeNotices<Note> notices = ChangeNotices.start(kit.system(), Note.class, "test-resend",
        n -> reloaded.add(n.what()), blocking, () -> checks.incrementAndGet() <= 2 ? 2 : 1);
    awaitSubscribed(notices);

    notices.publish(new Note("carol"));
    for (int i = 0; i < 3; i++) {
      assertEquals("carol", reloaded.poll(10, TimeUnit.SECONDS), "send " + (i + 1));
    }
    assertEquals(null, reloaded.poll(2500, TimeUnit.MILLISECONDS), "no fourth send once the topic knows everyone");
    assertEquals(new ChangeNotices.Stats(1, 3, 0), notices.stats());
  }

  /** The listener subscribes as it starts; a notice published before that is not delivered (at most once). */
  private static void awaitSubscribed(ChangeNotices<Note> notices) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      ChangeNotices.Reach reach = notices.reach(Duration.ofSeconds(3)).toCompletableFuture().get();
      if (reach.localSubscribers() == 1 && reach.nodes() == 1) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the listener never subscribed");
  }
}
