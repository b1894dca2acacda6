package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing program skips a test with its reason, and fails it where {@code CI=true}. */
class OutsideProgramTest {
  private static final String MISSING = "parley-no-such-program";

  @Test
  void aMissingProgramSkipsOrFailsInCi() {
    assertFalse(OutsideProgram.onPath(MISSING));
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      AssertionFailedError e = assertThrows(AssertionFailedError.class,
          () -> OutsideProgram.require(MISSING, "parley-pkg"));
      assertTrue(e.getMessage().contains("CI=true"), e.getMessage());
    } else {
      TestAbortedException e = assertThrows(TestAbortedException.class,
          () -> OutsideProgram.require(MISSING, "parley-pkg"));
      assertTrue(e.getMessage().contains("apt-get install parley-pkg"), e.getMessage());
    }
  }

  @Test
  void aProgramOnThePathIsFound() {
    assertTrue(OutsideProgram.onPath("sh"));
  }
}
