package io.parley.admin;

import java.util.Objects;

/**
 * A domain this server is responsible for, as provisioning shows it.
 *
 * @param name in lower case
 * @param source where it comes from, which decides whether the API can remove it
 */
public record ServedDomain(String name, Source source) {

  /** Where a served domain is written down. */
  public enum Source {
    /** {@code parley.domains}: changed only by editing the configuration and restarting. */
    CONFIGURATION("configuration"),
    /** A row of the domain table: added and removed over the API. */
    DATABASE("database");

    private final String json;

    Source(String json) {
      this.json = json;
    }

    /** Its name in the JSON of the API. */
    public String json() {
      return json;
    }
  }

  public ServedDomain {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
  }
}
