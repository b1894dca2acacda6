package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM whose heap is spent ends (status {@value HeapGuard#EXIT_STATUS}) rather than hang: each
 * case is a small JVM of its own with a 256 MB heap, started on {@link #main}.
 */
class HeapGuardTest {
  @TempDir Path dir;

  /** An OutOfMemoryError that reaches the top of a thread ends the process. */
  @Test
  void anOutOfMemoryErrorEndsTheProcess() throws Exception {
    Process p = start("throw");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running");
    assertEquals(HeapGuard.EXIT_STATUS, p.exitValue(), log());
    assertTrue(log().contains("out of memory"), log());
  }

  /** A heap still full after every full collection ends the process, though nothing reaches a thread's top. */
  @Test
  void aHeapFullAfterEveryCollectionEndsTheProcess() throws Exception {
    Process p = start("thrash");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running");
    assertEquals(HeapGuard.EXIT_STATUS, p.exitValue(), log());
    assertTrue(log().contains("heap exhausted"), log());
  }

  /** A heap that empties again is left alone. */
  @Test
  void aHeapThatEmptiesIsLeftAlone() throws Exception {
    Process p = start("recover");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running");
    assertEquals(0, p.exitValue(), log());
  }

  private Process start(String mode) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseG1GC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(HeapGuardTest.class.getName());
    cmd.add(mode);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("out.log"));
  }

  private static void settle() {
    try {
      Thread.sleep(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The JVM under test: installs the guard, then spends its heap as {@code args[0]} says. */
  public static void main(String[] args) {
    HeapGuard.install();
    List<byte[]> kept = new ArrayList<>();
    long max = Runtime.getRuntime().maxMemory();
    switch (args[0]) {
      case "throw" -> {
        while (true) {
          kept.add(new byte[1 << 20]);
        }
      }
      case "thrash" -> {
        // fill to just short of an OutOfMemoryError, in ever smaller pieces, then collect:
        // every collection finds the heap full
        for (int size = 64 << 10; size >= 64; size /= 4) {
          try {
            while (true) {
              kept.add(new byte[size]);
            }
          } catch (OutOfMemoryError full) {
            kept.remove(kept.size() - 1);
          }
        }
        for (int i = 0; i < 16; i++) {
          kept.set(i, null); // 1 MB of room (the first chunks are 64 KB) for the guard's own work, allocating nothing
        }
        for (int i = 0; i < 3 * HeapGuard.STRIKES; i++) {
          System.gc();
        }
        settle(); // the collections' notifications come on a thread of their own
        System.out.println("survived with " + kept.size() + " chunks");
        System.exit(0);
      }
      default -> {
        for (int i = 0; i < (max / 2) / (64 << 10); i++) {
          kept.add(new byte[64 << 10]);
        }
        kept.clear();
        for (int i = 0; i < 3 * HeapGuard.STRIKES; i++) {
          System.gc();
        }
        settle();
        System.exit(0);
      }
    }
  }
}
