package io.parley.app;

import com.typesafe.config.ConfigException;
import io.parley.config.ConfigLoader;

/** {@code java -jar parley.jar}: starts one node with the configuration HOCON finds. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
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
