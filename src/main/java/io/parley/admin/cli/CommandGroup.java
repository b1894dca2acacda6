package io.parley.admin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that only groups sub-commands ({@code parley domain}, {@code parley peer} …): given
 * alone it is a usage error; its sub-commands reach the node through {@link #client()}.
 */
abstract class CommandGroup implements Callable<Integer> {
  /** The exit status of a usage error, as picocli gives it for a bad option. */
  static final int USAGE = 2;

  @ParentCommand ParleyCli root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  ManagementClient client() {
    return root.client();
  }
}
