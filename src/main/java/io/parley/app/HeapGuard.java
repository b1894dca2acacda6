package io.parley.app;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process when its heap is spent, so that a supervisor (systemd, Kubernetes) starts a
 * fresh one: a JVM whose heap is full after every collection does nothing but collect, answers
 * nothing, and never recovers by itself, which is worse for a SIP server than a crash. Two ways
 * in: an {@link OutOfMemoryError} that reaches any thread's top (the launcher also passes
 * {@code -XX:+ExitOnOutOfMemoryError}), and — since a collector that thrashes may never throw one
 * — the heap's tenured pool still above {@value #FULL} of its maximum after {@value #STRIKES}
 * full collections in a row.
 */
final class HeapGuard {
  private static final Logger log = LoggerFactory.getLogger(HeapGuard.class);
  /**
   * The share of the tenured pool's maximum that counts as full after a collection. G1 throws
   * OutOfMemoryError with its old generation at about 93 % of the heap (measured here with 512 MB),
   * the rest being regions it keeps for the young generation: a full collection that leaves 90 %
   * is a heap that can no longer be worked in.
   */
  static final double FULL = 0.90;
  /** Collections in a row that leave the pool full before the process ends. */
  static final int STRIKES = 5;
  /** The exit status of a process ended for its heap. */
  static final int EXIT_STATUS = 3;

  private HeapGuard() {}

  /** Installs both watches; idempotent enough to call once per process. */
  static void install() {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
      if (error instanceof OutOfMemoryError) {
        halt("out of memory in thread " + thread.getName());
      }
      if (previous != null) {
        previous.uncaughtException(thread, error);
      }
    });
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(HeapGuard::onCollection, null, null);
      }
    }
  }

  private static int strikes;

  /** After each major collection: is the tenured pool still full? */
  private static void onCollection(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    if (!info.getGcAction().contains("major")) {
      return; // a young collection leaves the tenured pool as it was: no news
    }
    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      MemoryUsage after = pool.getValue();
      if (!isTenured(pool.getKey()) || after.getMax() <= 0) {
        continue;
      }
      synchronized (HeapGuard.class) {
        strikes = after.getUsed() >= (long) (after.getMax() * FULL) ? strikes + 1 : 0;
        if (strikes >= STRIKES) {
          halt("heap exhausted: " + after.getUsed() / (1024 * 1024) + " of " + after.getMax() / (1024 * 1024)
              + " MB still used after " + STRIKES + " full collections in a row");
        }
      }
    }
  }

  private static boolean isTenured(String name) {
    return name.contains("Old") || name.contains("Tenured");
  }

  private static void halt(String why) {
    try {
      // stderr first: with the heap spent, the logger may fail to allocate what it needs
      System.err.println("parley: " + why + "; exiting");
      log.error("{}; exiting so that a supervisor restarts the node", why);
    } finally {
      Runtime.getRuntime().halt(EXIT_STATUS);
    }
  }
}
