package io.parley.admin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command of a {@link CommandGroup} ({@code parley domain add} …): it does the work. */
abstract class SubCommand implements Callable<Integer> {
  @ParentCommand CommandGroup parent;
  @Spec CommandSpec spec;
}
