package io.parley.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Loads a node's configuration in HOCON's order of precedence: system properties (and, with
 * {@code -Dconfig.override_with_env_vars=true}, {@code CONFIG_FORCE_…} variables), then
 * {@code application.conf} or the file named by {@code -Dconfig.file}, then the Pekko settings
 * Parley runs with ({@code parley-runtime.conf}), then every library's {@code reference.conf}.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static Config load() {
    return layered(ConfigFactory.defaultApplication());
  }

  /** The same layering with {@code application} in place of application.conf: for tests and tools. */
  public static Config layered(Config application) {
    ConfigFactory.invalidateCaches();
    Config unresolved = ConfigFactory.defaultOverrides()
        .withFallback(application)
        .withFallback(ConfigFactory.parseResources("parley-runtime.conf"))
        .withFallback(ConfigFactory.defaultReference());
    Config resolved = unresolved.resolve();
    StorageSettings storage = StorageSettings.from(resolved);
    return ConfigFactory.parseMap(storage.slickOverrides()).withFallback(resolved);
  }
}
