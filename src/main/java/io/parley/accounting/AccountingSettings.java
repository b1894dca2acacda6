package io.parley.accounting;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.parley.dialog.BatchSettings;

/**
 * {@code parley.accounting}: whether CDRs are written, and how they are batched.
 *
 * @param enabled a CDR for every call attempt into the {@code cdr} table; default on
 * @param batch {@code batch-size} (default 500), {@code batch-interval} (1 s),
 *     {@code buffer-size} (50,000 CDRs, about 1 KB each, held while the database is away)
 */
public record AccountingSettings(boolean enabled, BatchSettings batch) {
  public static final String KEY = "parley.accounting";

  /**
   * Reads {@code parley.accounting}.
   *
   * @throws ConfigException naming the key of a value of the wrong type or out of range
   */
  public static AccountingSettings from(Config config) {
    return new AccountingSettings(config.getBoolean(KEY + ".enabled"), BatchSettings.from(config, KEY));
  }
}
