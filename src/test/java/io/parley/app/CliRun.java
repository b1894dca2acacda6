package io.parley.app;

import io.parley.admin.cli.ParleyCli;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** One run of the {@code parley} command line in-process: its exit status and what it printed. */
record CliRun(int exit, String out, String err) {

  static CliRun of(String stdin, String... args) {
    CommandLine cl = ParleyCli.commandLine(null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
