package io.parley.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SipEventLoopsTest {

  private SipEventLoops loops;

  @AfterEach
  void stop() {
    if (loops != null) {
      loops.stop();
    }
  }

  @Test
  void workSubmittedOnALoopStaysOnThatLoop() throws Exception {
    loops = SipEventLoops.start(3);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(100);
    CompletableFuture<String> first = new CompletableFuture<>();
    loops.execute(() -> {
      first.complete(Thread.currentThread().getName());
      for (int i = 0; i < 100; i++) {
        loops.execute(() -> {
          threads.add(Thread.currentThread().getName());
          done.countDown();
        });
      }
    });
    assertTrue(done.await(5, TimeUnit.SECONDS));
    assertEquals(Set.of(first.get()), threads);
    assertTrue(first.get().startsWith("parley-sip-"), first.get());
  }

  @Test
  void workFromOtherThreadsGoesToEveryLoopInTurn() throws Exception {
    loops = SipEventLoops.start(3);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(6);
    for (int i = 0; i < 6; i++) {
      loops.execute(() -> {
        threads.add(Thread.currentThread().getName());
        done.countDown();
      });
    }
    assertTrue(done.await(5, TimeUnit.SECONDS));
    assertEquals(3, new HashSet<>(threads).size(), threads.toString());
  }

  @Test
  void eachUdpSocketHasOneLoopAndTheSocketsAreSpreadOverThem() {
    loops = SipEventLoops.start(2);
    NioLoops nio = loops.loops();
    assertEquals(2, loops.threads());
    assertEquals(nio.loopFor(0), nio.loopFor(2));
    assertTrue(nio.loopFor(0) != nio.loopFor(1));
  }

  @Test
  void aThreadCountOutOfRangeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> SipEventLoops.start(0));
    assertThrows(IllegalArgumentException.class, () -> SipEventLoops.start(65));
  }
}
