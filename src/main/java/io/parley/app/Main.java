package io.parley.app;

import com.typesafe.config.ConfigException;
import io.parley.admin.cli.ParleyCli;
import io.parley.config.ConfigLoader;

/**
 * {@code java -jar parley.jar}: with no arguments, or {@code run} (or {@code start}), starts one
 * node with the configuration HOCON finds; with a command such as {@code subscriber add …}, runs
 * it against a running node ({@link ParleyCli}) and exits with its status.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length == 0 || args[0].equals("run") || args[0].equals("start")) {
      if (args.length > 1) {
        System.err.println("parley: " + args[0] + " takes no arguments; settings go in -Dkey=value or -Dconfig.file=…");
        System.exit(2);
      }
      startNode();
      return;
    }
    System.exit(ParleyCli.run(args));
  }

  private static void startNode() {
    HeapGuard.install();
    try {
      Node.start(ConfigLoader.load());
    } catch (ConfigException e) {
      System.err.println("parley: configuration error: " + e.getMessage());
      System.exit(2);
    } catch (RuntimeException e) {
      System.err.println("parley: " + e.getMessage());
      System.exit(1);
    }
  }
}
