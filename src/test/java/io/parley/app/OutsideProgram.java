package io.parley.app;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from outside the build that a test drives (SIPp, baresip, linphonec). Where it is not
 * on the PATH the test is skipped with that reason — except when {@code CI=true}, where nothing
 * that was meant to run may be skipped, so it fails.
 */
final class OutsideProgram {
  private OutsideProgram() {}

  /**
   * Skips the calling test where {@code command} is missing; fails it there in CI.
   *
   * @param debianPackage the package that installs it, named in the reason
   */
  static void require(String command, String debianPackage) {
    if (onPath(command)) {
      return;
    }
    String why = command + " is not installed (apt-get install " + debianPackage + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why + ", and CI=true: this test must run in CI");
    }
    Assumptions.assumeTrue(false, why);
  }

  static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
