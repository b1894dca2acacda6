package io.parley.admin.cli;

/** Ends a command with its message on stderr and exit status {@value #EXIT}. */
final class CliFailure extends RuntimeException {
  /** The exit status of a command that ran and failed (picocli uses 2 for a usage error). */
  static final int EXIT = 1;

  CliFailure(String message) {
    super(message, null, false, false);
  }
}
